using System.Buffers;
using System.Threading.Channels;
using Ash.Core.Sandboxes;

namespace Ash.Sandbox.Output;

/// <summary>
/// Splits the agent's stdout into lines and hands them on one batch per read. A line over the cap is
/// dropped while it streams past (never held whole) and reported, so a giant line costs no memory.
/// The bounded channel makes a slow consumer slow the agent down instead of growing a buffer.
/// </summary>
/// <remarks>
/// Most live sessions sit idle between turns with a read waiting on their pipe, so the waiting read holds a
/// small buffer of the session's own; once a read fills it (output is streaming), reads take a large buffer from
/// the shared pool until the pipe runs dry again. With thousands of live sessions a large buffer each was the
/// server's biggest cost per session (issue 14: 2,000 live sessions under 300 MB).
/// </remarks>
internal sealed class StdoutLineReader
{
    private const int IdleBufferBytes = 4 * 1024;

    /// <summary>A pipe's whole capacity (64 KiB on Linux): a burst is read, and handed on, in one piece.</summary>
    private const int StreamingBufferBytes = 64 * 1024;

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
        var idle = new byte[IdleBufferBytes];
        byte[]? streaming = null;
        var partial = new MemoryStream();
        var discarding = false;
        try
        {
            while (true)
            {
                var buffer = streaming ?? idle;
                var read = await _stdout.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

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
                    else if (partial.Length == 0)
                    {
                        // The whole line is in this read: copied once, straight out of the buffer.
                        lines.Add(buffer.AsSpan(start, newline - start).ToArray());
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

                // A read that did not fill its buffer ran the pipe dry: the session may now sit idle for long.
                var dry = read < buffer.Length;
                if (partial.Length == 0 && partial.Capacity > (dry ? IdleBufferBytes : StreamingBufferBytes))
                {
                    // A long line is done: its room is kept through a burst of output, never while idle.
                    partial = new MemoryStream();
                }

                if (!dry)
                {
                    streaming ??= ArrayPool<byte>.Shared.Rent(StreamingBufferBytes);
                }
                else if (streaming is not null)
                {
                    ArrayPool<byte>.Shared.Return(streaming);
                    streaming = null;
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
        finally
        {
            if (streaming is not null)
            {
                ArrayPool<byte>.Shared.Return(streaming);
            }
        }
    }
}
