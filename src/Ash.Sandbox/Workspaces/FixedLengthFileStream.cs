using Microsoft.Win32.SafeHandles;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Reads an open file as exactly <see cref="Length"/> bytes, the size it had when it was opened: past
/// the end of a file that shrank it yields zeros, and it stops at the length if the file grew. A
/// Content-Length or tar header written from that size then stays true while the agent keeps writing.
/// <paramref name="alsoOwned"/>, when given, is disposed with the stream: what keeps the file's volume
/// mounted while a download of it is read.
/// </summary>
internal sealed class FixedLengthFileStream(SafeFileHandle file, long length, IDisposable? alsoOwned = null) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        var read = RandomAccess.Read(file, buffer[..wanted], _position);
        return Advance(buffer[..wanted], read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = Wanted(buffer.Length);
        if (wanted == 0)
        {
            return 0;
        }

        var read = await RandomAccess.ReadAsync(file, buffer[..wanted], _position, cancellationToken);
        return Advance(buffer.Span[..wanted], read);
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            alsoOwned?.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Wanted(int bufferLength) => (int)Math.Min(bufferLength, length - _position);

    private int Advance(Span<byte> buffer, int read)
    {
        if (read == 0)
        {
            // The file shrank since it was opened: pad, so the promised length still arrives.
            buffer.Clear();
            read = buffer.Length;
        }

        _position += read;
        return read;
    }
}
