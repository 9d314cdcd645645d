namespace Ash.Server.Auth;

/// <summary>
/// Where revocations take effect in this process: the key cache is emptied and every open stream of a
/// revoked key is told to end. Streams register with <see cref="Watch"/>; <see cref="RevokedKeyWatch"/>
/// reports keys revoked by another process (another API replica, a direct database change).
/// </summary>
public sealed class KeyRevocations(ApiKeyLookup lookup)
{
    private readonly Dictionary<Guid, Watched> _watched = [];
    private readonly Lock _gate = new();

    /// <summary>A token cancelled when the key is revoked; dispose the registration when the stream ends.</summary>
    public StreamAccess Watch(Guid keyId)
    {
        lock (_gate)
        {
            if (!_watched.TryGetValue(keyId, out var watched))
            {
                _watched[keyId] = watched = new Watched();
            }

            watched.Streams++;
            return new StreamAccess(this, keyId, watched);
        }
    }

    /// <summary>The keys that open streams of this process were authenticated with.</summary>
    public IReadOnlyCollection<Guid> WatchedKeys()
    {
        lock (_gate)
        {
            return [.. _watched.Keys];
        }
    }

    public void Revoked(IEnumerable<Guid> keyIds)
    {
        lookup.Forget();
        lock (_gate)
        {
            foreach (var keyId in keyIds)
            {
                if (_watched.Remove(keyId, out var watched))
                {
                    // Inside the lock: the callbacks only cancel the streams' linked tokens.
                    watched.Revoked.Cancel();
                }
            }
        }
    }

    private void Release(Guid keyId, Watched watched)
    {
        lock (_gate)
        {
            if (--watched.Streams == 0 && _watched.TryGetValue(keyId, out var current) && current == watched)
            {
                _watched.Remove(keyId);
            }
        }
    }

    /// <summary>The open streams of one key. Its token source has no timer, so it needs no disposal.</summary>
    internal sealed class Watched
    {
        public CancellationTokenSource Revoked { get; } = new();

        public int Streams { get; set; }
    }

    /// <summary>One stream's registration.</summary>
    public sealed class StreamAccess : IDisposable
    {
        private readonly KeyRevocations _owner;
        private readonly Guid _keyId;
        private readonly Watched _watched;
        private bool _disposed;

        internal StreamAccess(KeyRevocations owner, Guid keyId, Watched watched)
        {
            _owner = owner;
            _keyId = keyId;
            _watched = watched;
        }

        public CancellationToken Revoked => _watched.Revoked.Token;

        public bool IsRevoked => _watched.Revoked.IsCancellationRequested;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                _owner.Release(_keyId, _watched);
            }
        }
    }
}
