using System.Text;

namespace Ash.Sandbox.Output;

/// <summary>Keeps the last few KiB the agent wrote to stderr, to explain an unexpected exit.</summary>
internal sealed class StderrTail
{
    private const int Capacity = 4096;
    private readonly Lock _lock = new();
    private readonly StringBuilder _tail = new();

    public async Task RunAsync(StreamReader stderr)
    {
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = await stderr.ReadAsync(buffer)) > 0)
            {
                lock (_lock)
                {
                    _tail.Append(buffer, 0, read);
                    if (_tail.Length > Capacity)
                    {
                        _tail.Remove(0, _tail.Length - Capacity);
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _tail.ToString();
        }
    }
}
