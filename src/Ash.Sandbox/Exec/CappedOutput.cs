using System.Text;

namespace Ash.Sandbox.Exec;

/// <summary>Reads a stream to its end, keeping at most a cap of bytes and discarding the rest (so the writer never blocks).</summary>
internal sealed class CappedOutput(int capacity)
{
    private readonly MemoryStream _kept = new();

    public bool Truncated { get; private set; }

    public async Task ReadToEndAsync(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                var room = capacity - (int)_kept.Length;
                if (room > 0)
                {
                    _kept.Write(buffer, 0, Math.Min(room, read));
                }

                if (read > room)
                {
                    Truncated = true;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The process was killed; what was read so far stands.
        }
    }

    public override string ToString() => Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
}
