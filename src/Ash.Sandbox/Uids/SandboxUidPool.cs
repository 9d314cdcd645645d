namespace Ash.Sandbox.Uids;

/// <summary>Hands each live sandbox its own unprivileged host uid, so file ownership separates sessions too.</summary>
public sealed class SandboxUidPool
{
    private readonly Lock _lock = new();
    private readonly bool[] _taken;
    private readonly int _first;
    private int _next;

    public SandboxUidPool(int firstUid, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstUid, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _first = firstUid;
        _taken = new bool[count];
    }

    public int Rent()
    {
        lock (_lock)
        {
            for (var probe = 0; probe < _taken.Length; probe++)
            {
                var index = (_next + probe) % _taken.Length;
                if (!_taken[index])
                {
                    _taken[index] = true;
                    _next = (index + 1) % _taken.Length;
                    return _first + index;
                }
            }
        }

        throw new InvalidOperationException($"All {_taken.Length} sandbox uids are in use");
    }

    public void Return(int uid)
    {
        lock (_lock)
        {
            _taken[uid - _first] = false;
        }
    }
}
