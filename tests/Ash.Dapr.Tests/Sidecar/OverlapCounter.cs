namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Counts calls inside the app per key, and the most that were ever inside at once.</summary>
internal sealed class OverlapCounter
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> current = [];
    private readonly Dictionary<string, int> max = [];
    private int entered;

    public int Entered => Volatile.Read(ref entered);

    public int MaxConcurrent(string key)
    {
        lock (gate)
        {
            return max.GetValueOrDefault(key);
        }
    }

    public IDisposable Enter(string key)
    {
        lock (gate)
        {
            var now = current.GetValueOrDefault(key) + 1;
            current[key] = now;
            max[key] = Math.Max(max.GetValueOrDefault(key), now);
        }

        Interlocked.Increment(ref entered);
        return new Exit(this, key);
    }

    private sealed class Exit(OverlapCounter owner, string key) : IDisposable
    {
        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.current[key]--;
            }
        }
    }
}
