namespace Ash.Sandbox.ModelProxy;

/// <summary>Reads an HTTP/1.1 request from a stream: the head up to the blank line, then the body.</summary>
internal sealed class BufferedSocketReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[ProxyRequestHead.MaxHeadBytes];
    private int _start;
    private int _end;

    /// <summary>Returns the head bytes without the final blank line, or null on EOF / oversize.</summary>
    public async Task<byte[]?> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var span = _buffer.AsSpan(_start, _end - _start);
            var terminator = span.IndexOf("\r\n\r\n"u8);
            if (terminator >= 0)
            {
                var head = span[..terminator].ToArray();
                _start += terminator + 4;
                return head;
            }

            if (_end == _buffer.Length)
            {
                return null;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    public async Task<byte[]> ReadExactlyAsync(int length, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        var buffered = Math.Min(length, _end - _start);
        _buffer.AsSpan(_start, buffered).CopyTo(result);
        _start += buffered;
        if (buffered < length)
        {
            await stream.ReadExactlyAsync(result.AsMemory(buffered), cancellationToken);
        }

        return result;
    }

    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        while (true)
        {
            if (_start == _end)
            {
                _start = _end = 0;
                var read = await stream.ReadAsync(_buffer, cancellationToken);
                if (read == 0)
                {
                    throw new EndOfStreamException();
                }

                _end = read;
            }

            var span = _buffer.AsSpan(_start, _end - _start);
            var newline = span.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line.Write(span[..newline]);
                _start += newline + 1;
                return System.Text.Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Write(span);
            _start = _end;
            if (line.Length > 1024)
            {
                throw new InvalidDataException("chunk size line too long");
            }
        }
    }

    /// <summary>Decodes a chunked body (RFC 9112 §7.1), up to <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> ReadChunkedAsync(int maxBytes, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(cancellationToken);
            var semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
            var size = Convert.ToInt32(semicolon >= 0 ? sizeLine[..semicolon] : sizeLine, 16);
            if (size == 0)
            {
                while ((await ReadLineAsync(cancellationToken)).Length > 0)
                {
                }

                return body.ToArray();
            }

            if (body.Length + size > maxBytes)
            {
                throw new InvalidDataException("request body too large");
            }

            body.Write(await ReadExactlyAsync(size, cancellationToken));
            await ReadLineAsync(cancellationToken);
        }
    }
}
