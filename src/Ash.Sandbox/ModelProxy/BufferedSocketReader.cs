using System.Buffers;
using System.Net.Sockets;
using System.Text;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// Reads one HTTP/1.1 request from the agent's connection: the head into a pooled buffer of
/// <see cref="ModelProxyLimits.MaxHeadBytes"/>, then the body straight into the caller's buffer (what
/// arrived with the head first). This buffer is all the proxy ever holds of a request.
/// </summary>
internal sealed class BufferedSocketReader(Socket socket) : IDisposable
{
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(ModelProxyLimits.MaxHeadBytes);
    private int _start;
    private int _end;

    /// <summary>The head without its blank line; no head and not too large when the agent closed first.</summary>
    public async Task<(byte[]? Head, bool TooLarge)> ReadHeadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var terminator = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
            if (terminator >= 0)
            {
                var head = _buffer.AsSpan(_start, terminator).ToArray();
                _start += terminator + 4;
                return (head, false);
            }

            if (_end >= ModelProxyLimits.MaxHeadBytes)
            {
                return (null, true);
            }

            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end, ModelProxyLimits.MaxHeadBytes - _end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return (null, false);
            }

            _end += read;
        }
    }

    /// <summary>Body bytes into <paramref name="destination"/>: buffered ones first, then from the socket; 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (_end > _start)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, count).CopyTo(destination);
            _start += count;
            return count;
        }

        return await socket.ReceiveAsync(destination, SocketFlags.None, cancellationToken);
    }

    /// <summary>One CRLF-terminated line (a chunk size, a trailer), without its CRLF; null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The line is longer than <paramref name="maxLength"/> or ends in a bare LF.</exception>
    public async ValueTask<string?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var line = _buffer.AsSpan(_start, newline);
                _start += newline + 1;
                if (line.IsEmpty || line[^1] != (byte)'\r')
                {
                    throw new InvalidDataException("a line of the chunked body does not end in CRLF");
                }

                return Encoding.Latin1.GetString(line[..^1]);
            }

            if (_end - _start > maxLength)
            {
                throw new InvalidDataException("a line of the chunked body is too long");
            }

            // Room to read more: move what is left to the front.
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var read = await socket.ReceiveAsync(_buffer.AsMemory(_end, ModelProxyLimits.MaxHeadBytes - _end), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            _end += read;
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
