using System.Text;
using Ash.Core.Sandboxes.Logs;
using Ash.Sandbox.Logs;

namespace Ash.Sandbox.Output;

/// <summary>
/// Reads what the agent writes to stderr: each line goes to the session's sandbox log, and the last few
/// KiB are kept to explain an unexpected exit.
/// </summary>
internal sealed class StderrReader(SandboxLogFile log)
{
    private const int TailCapacity = 4096;

    /// <summary>
    /// Small: the reader decodes into buffers of its own, and this one is held by every live session's waiting read
    /// (issue 14, thousands of live sessions); stderr is a trickle.
    /// </summary>
    private const int ReadChars = 256;

    private readonly Lock _lock = new();
    private readonly StringBuilder _tail = new();
    private readonly StringBuilder _line = new();

    public async Task RunAsync(StreamReader stderr)
    {
        var buffer = new char[ReadChars];
        try
        {
            int read;
            while ((read = await stderr.ReadAsync(buffer)) > 0)
            {
                KeepTail(buffer.AsSpan(0, read));
                LogLines(buffer.AsSpan(0, read));
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        FlushLine();
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _tail.ToString();
        }
    }

    private void KeepTail(ReadOnlySpan<char> chunk)
    {
        lock (_lock)
        {
            _tail.Append(chunk);
            if (_tail.Length > TailCapacity)
            {
                _tail.Remove(0, _tail.Length - TailCapacity);
            }
        }
    }

    private void LogLines(ReadOnlySpan<char> chunk)
    {
        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOf('\n');
            if (end < 0)
            {
                _line.Append(chunk);
                if (_line.Length >= SandboxLogFile.MaxTextChars)
                {
                    // A line without end is logged in pieces rather than held without bound.
                    FlushLine();
                }

                return;
            }

            _line.Append(chunk[..end]);
            FlushLine();
            chunk = chunk[(end + 1)..];
        }
    }

    private void FlushLine()
    {
        var text = _line.ToString().TrimEnd('\r');
        _line.Clear();
        if (!string.IsNullOrWhiteSpace(text))
        {
            log.Append(SandboxLogLevels.Stderr, text);
        }
    }
}
