using System.Globalization;

namespace Ash.Sandbox.ModelProxy;

/// <summary>What went wrong with a request body while it was forwarded.</summary>
internal enum BodyProblem
{
    None,

    /// <summary>The chunks add up to more than the limit (a declared length over it never gets this far).</summary>
    TooLarge,

    /// <summary>The chunked coding is broken.</summary>
    Malformed,

    /// <summary>Nothing arrived for the idle timeout.</summary>
    Stalled,

    /// <summary>The agent closed its side before the body was complete.</summary>
    EndedEarly,
}

/// <summary>
/// The agent's request body as the upstream request's content: read from the connection only as the
/// upstream takes it, so the proxy holds one buffer of it at a time, never the whole body. Counts what
/// passes against the limit, decodes the chunked coding (RFC 9112 §7.1) when the agent used it, and gives
/// up on a body that stalls. Every failure is an <see cref="IOException"/> with <see cref="Problem"/> set,
/// so the proxy can answer the agent once the upstream request has failed because of it.
/// </summary>
internal sealed class RequestBodyStream : Stream
{
    private const int MaxLineLength = 4096;
    private const int MaxTrailerLines = 32;

    private readonly BufferedSocketReader _reader;
    private readonly BodyFraming _framing;
    private readonly long _maxBytes;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationTokenSource _idle;
    private long _read;
    private long _chunkLeft;
    private bool _afterChunk;
    private bool _done;

    public RequestBodyStream(BufferedSocketReader reader, BodyFraming framing, long maxBytes, TimeSpan idleTimeout, TimeProvider time)
    {
        _reader = reader;
        _framing = framing;
        _maxBytes = maxBytes;
        _idleTimeout = idleTimeout;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
    }

    public BodyProblem Problem { get; private set; }

    /// <summary>Body bytes passed on so far (decoded, for a chunked body).</summary>
    public long BytesRead => _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Problem != BodyProblem.None)
        {
            throw new IOException($"the request body already failed: {Problem}");
        }

        if (buffer.IsEmpty)
        {
            return 0;
        }

        return _framing.Chunked ? await ReadChunkedAsync(buffer, cancellationToken) : await ReadLengthAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the request body is read asynchronously");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _idle.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> ReadLengthAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var left = _framing.Length!.Value - _read;
        if (left == 0)
        {
            return 0;
        }

        var read = await ReceiveAsync(buffer[..(int)Math.Min(buffer.Length, left)], cancellationToken);
        _read += read;
        return read;
    }

    private async ValueTask<int> ReadChunkedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (_done)
        {
            return 0;
        }

        if (_chunkLeft == 0)
        {
            if (_afterChunk && (await ReadLineAsync(cancellationToken)).Length != 0)
            {
                throw Fail(BodyProblem.Malformed, "a chunk is longer than its size says");
            }

            var size = ChunkSize(await ReadLineAsync(cancellationToken));
            if (size == 0)
            {
                await SkipTrailersAsync(cancellationToken);
                _done = true;
                return 0;
            }

            if (_read + size > _maxBytes)
            {
                throw Fail(BodyProblem.TooLarge, $"the request body is larger than {_maxBytes} bytes");
            }

            _chunkLeft = size;
            _afterChunk = true;
        }

        var read = await ReceiveAsync(buffer[..(int)Math.Min(buffer.Length, _chunkLeft)], cancellationToken);
        _chunkLeft -= read;
        _read += read;
        return read;
    }

    private long ChunkSize(string line)
    {
        // chunk-size [ chunk-ext ]: the extensions mean nothing to us and are dropped with the coding.
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var digits = (semicolon < 0 ? line : line[..semicolon]).TrimEnd(' ', '\t');
        if (digits.Length is 0 or > 15 || !long.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw Fail(BodyProblem.Malformed, "a chunk size is not a hexadecimal number");
        }

        return size;
    }

    private async Task SkipTrailersAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < MaxTrailerLines; i++)
        {
            if ((await ReadLineAsync(cancellationToken)).Length == 0)
            {
                return;
            }
        }

        throw Fail(BodyProblem.Malformed, "too many trailer lines");
    }

    private async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        string? line;
        try
        {
            line = await WithIdleTimeoutAsync(token => _reader.ReadLineAsync(MaxLineLength, token), cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            throw Fail(BodyProblem.Malformed, exception.Message);
        }

        return line ?? throw Fail(BodyProblem.EndedEarly, "the request body ended early");
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = await WithIdleTimeoutAsync(token => _reader.ReadAsync(buffer, token), cancellationToken);
        return read > 0 ? read : throw Fail(BodyProblem.EndedEarly, "the request body ended early");
    }

    /// <summary>
    /// Runs one read from the agent under the idle timeout. The clock runs only while we wait for the agent,
    /// not while the upstream is slow to take what we already have.
    /// </summary>
    private async ValueTask<T> WithIdleTimeoutAsync<T>(Func<CancellationToken, ValueTask<T>> read, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _idle.Token);
        _idle.CancelAfter(_idleTimeout);
        try
        {
            return await read(linked.Token);
        }
        catch (OperationCanceledException) when (_idle.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(BodyProblem.Stalled, $"the request body sent nothing for {_idleTimeout.TotalSeconds} s");
        }
        finally
        {
            _idle.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    private IOException Fail(BodyProblem problem, string message)
    {
        Problem = problem;
        return new IOException(message);
    }
}
