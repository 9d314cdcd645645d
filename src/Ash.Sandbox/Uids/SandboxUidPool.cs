using System.Globalization;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Uids;

/// <summary>
/// Hands each live sandbox its own unprivileged host uid, so file ownership and signals separate
/// sessions too. A uid is held through an exclusive lock on <c>&lt;lock dir&gt;/&lt;uid&gt;</c>, so two
/// servers on one machine never hand out the same uid, and a crashed server's uids come free with
/// its process.
/// </summary>
public sealed class SandboxUidPool
{
    private readonly Lock _lock = new();
    private readonly FileStream?[] _held;
    private readonly int _first;
    private readonly string _lockDirectory;
    private int _next;

    public SandboxUidPool(int firstUid, int count, string lockDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstUid, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _first = firstUid;
        _held = new FileStream?[count];
        _lockDirectory = lockDirectory;
        Directory.CreateDirectory(lockDirectory);
        File.SetUnixFileMode(lockDirectory, DirectoryModes.OwnerOnly);
    }

    /// <param name="preferred">The uid to hand out if it is free: the one a session's files already belong to, which spares changing their owner.</param>
    public int Rent(int? preferred = null)
    {
        lock (_lock)
        {
            if (preferred is { } wanted && wanted - _first is var slot && slot >= 0 && slot < _held.Length
                && _held[slot] is null && TryLock(wanted) is { } mine)
            {
                _held[slot] = mine;
                return wanted;
            }

            for (var probe = 0; probe < _held.Length; probe++)
            {
                var index = (_next + probe) % _held.Length;
                if (_held[index] is null && TryLock(_first + index) is { } held)
                {
                    _held[index] = held;
                    _next = (index + 1) % _held.Length;
                    return _first + index;
                }
            }
        }

        throw new InvalidOperationException($"All {_held.Length} sandbox uids are in use");
    }

    public void Return(int uid)
    {
        lock (_lock)
        {
            _held[uid - _first]?.Dispose();
            _held[uid - _first] = null;
        }
    }

    /// <summary>.NET takes an exclusive flock for FileShare.None; another holder (any process) makes the open fail.</summary>
    private FileStream? TryLock(int uid)
    {
        try
        {
            return new FileStream(Path.Combine(_lockDirectory, uid.ToString(CultureInfo.InvariantCulture)), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
