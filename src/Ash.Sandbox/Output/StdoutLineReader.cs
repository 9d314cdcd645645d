using System.Threading.Channels;
using Ash.Core.Sandboxes;

namespace Ash.Sandbox.Output;

/// <summary>
/// Splits the agent's stdout into lines and hands them on one batch per read. A line over the cap is
/// dropped while it streams past (never held whole) and reported, so a giant line costs no memory.
/// The bounded channel makes a slow consumer slow the agent down instead of growing a buffer.
/// </summary>
internal sealed class StdoutLineReader
{
    private readonly Stream _stdout;
    private readonly int _maxLineBytes;
    private readonly ChannelWriter<AgentOutput> _output;

    public StdoutLineReader(Stream stdout, int maxLineBytes, ChannelWriter<AgentOutput> output)
    {
        _stdout = stdout;
        _maxLineBytes = maxLineBytes;
        _output = output;
    }

    public async Task RunAsync()
    {
        var buffer = new byte[64 * 1024];
        var partial = new MemoryStream();
        var discarding = false;
        try
        {
            int read;
            while ((read = await _stdout.ReadAsync(buffer)) > 0)
            {
                var lines = new List<byte[]>();
                var tooLong = false;
                var start = 0;
                for (var newline = Array.IndexOf(buffer, (byte)'\n', 0, read); newline >= 0; newline = Array.IndexOf(buffer, (byte)'\n', start, read - start))
                {
                    if (discarding)
                    {
                        discarding = false;
                    }
                    else if (partial.Length + (newline - start) > _maxLineBytes)
                    {
                        tooLong = true;
                    }
                    else
                    {
                        partial.Write(buffer, start, newline - start);
                        lines.Add(partial.ToArray());
                    }

                    partial.SetLength(0);
                    start = newline + 1;
                }

                if (start < read && !discarding)
                {
                    if (partial.Length + (read - start) > _maxLineBytes)
                    {
                        tooLong = true;
                        discarding = true;
                        partial.SetLength(0);
                    }
                    else
                    {
                        partial.Write(buffer, start, read - start);
                    }
                }

                if (lines.Count > 0 || tooLong)
                {
                    await _output.WriteAsync(new AgentOutput(lines, tooLong));
                }
            }
        }
        catch (IOException)
        {
            // The pipe broke because the process is gone; the exit status tells the rest.
        }
        catch (ObjectDisposedException)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }
}
