namespace Ash.Testing.ProbeRuntime;

/// <summary>
/// Reads a script's output pipe to its end, keeping at most a cap of bytes and dropping the rest, so a
/// script that floods its output costs the probe no more than the cap.
/// </summary>
internal sealed class OutputCapture(Stream source, int capBytes)
{
    private readonly Lock _lock = new();
    private readonly MemoryStream _kept = new();
    private bool _truncated;

    public async Task RunAsync()
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                lock (_lock)
                {
                    var room = (int)Math.Max(0, capBytes - _kept.Length);
                    _kept.Write(buffer, 0, Math.Min(read, room));
                    _truncated |= read > room;
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke: whatever arrived is the output.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>What has arrived so far, decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public (string Text, bool Truncated) Snapshot()
    {
        lock (_lock)
        {
            return (System.Text.Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length), _truncated);
        }
    }
}
