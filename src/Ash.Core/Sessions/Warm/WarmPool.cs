using System.Threading.Channels;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Actors;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Warm;

/// <summary>
/// Pre-started sandboxes per agent (<c>warmPool</c> in its <c>ash.json</c>), so creating a session is a
/// database write. A warm sandbox is started from exactly the spec a fresh session of that agent would
/// get (same tenant, agent version, files, env, limits, default options) under a session id chosen in
/// advance, and is handed to one session only; a request with any per-session option (prompt, MCP
/// servers, tools, env, model) never takes one. Warm sandboxes count toward the live-sandbox budget.
/// </summary>
public sealed class WarmPool : IAsyncDisposable
{
    private readonly ISandboxHost _host;
    private readonly ISecretProtector _secrets;
    private readonly SandboxSlots _slots;
    private readonly int _maxWarm;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<WarmKey, Queue<WarmSandbox>> _ready = [];
    private readonly Dictionary<WarmKey, (Agent Agent, AgentConfig Config)> _wanted = [];

    /// <summary>Agent versions whose pool size is known (from a deploy or a first create), zero included.</summary>
    private readonly HashSet<WarmKey> _known = [];
    private readonly Channel<WarmKey> _fills = Channel.CreateUnbounded<WarmKey>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _filler;
    private int _count;
    private int _starting;
    private long _hits;

    public WarmPool(ISandboxHost host, ISecretProtector secrets, SandboxSlots slots, SessionRuntimeOptions options, ILogger logger)
    {
        _host = host;
        _secrets = secrets;
        _slots = slots;
        _maxWarm = options.MaxWarmSandboxes;
        _logger = logger;
        _filler = Task.Run(FillLoopAsync);
    }

    /// <summary>Warm sandboxes waiting now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Warm sandboxes being started now.</summary>
    public int Starting
    {
        get
        {
            lock (_lock)
            {
                return _starting;
            }
        }
    }

    /// <summary>Sessions created on a warm sandbox since start-up.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The options a session gets when its request sets none: the only ones a warm sandbox serves.</summary>
    public static SessionOptions DefaultOptions(Agent agent) => SessionOptions.Empty with { Model = agent.Model, SystemPrompt = agent.SystemPrompt };

    public static WarmKey KeyOf(Agent agent) => new(agent.TenantId, agent.Name, agent.Version);

    /// <summary>Keeps the agent's pool at its configured size (after a deploy, or when a session took one).</summary>
    public void Fill(Agent agent, AgentConfig config)
    {
        var key = KeyOf(agent);
        lock (_lock)
        {
            _known.Add(key);
            // A redeploy supersedes every older version's sandboxes.
            foreach (var stale in _wanted.Keys.Where(k => k.TenantId == key.TenantId && k.AgentName == key.AgentName && k != key).ToList())
            {
                _wanted.Remove(stale);
                DiscardLocked(stale);
            }

            if (config.WarmPool == 0)
            {
                _wanted.Remove(key);
                DiscardLocked(key);
                return;
            }

            _wanted[key] = (agent, config);
        }

        _fills.Writer.TryWrite(key);
    }

    /// <summary>True once <see cref="Fill"/> was told this agent version's pool size.</summary>
    public bool Knows(Agent agent)
    {
        lock (_lock)
        {
            return _known.Contains(KeyOf(agent));
        }
    }

    /// <summary>Starts a replacement for a claimed sandbox (the pool's size is already known).</summary>
    public void Replenish(WarmKey key) => _fills.Writer.TryWrite(key);

    /// <summary>Drops an agent's warm sandboxes (it was deleted).</summary>
    public void Forget(string tenantId, string agentName)
    {
        lock (_lock)
        {
            foreach (var key in _wanted.Keys.Concat(_ready.Keys).Where(k => k.TenantId == tenantId && k.AgentName == agentName).Distinct().ToList())
            {
                _known.Remove(key);
                _wanted.Remove(key);
                DiscardLocked(key);
            }
        }
    }

    /// <summary>Takes a live warm sandbox made for exactly this agent version and these options, if there is one.</summary>
    public WarmSandbox? TryClaim(Agent agent, SessionOptions options)
    {
        if (options != DefaultOptions(agent))
        {
            return null;
        }

        var key = KeyOf(agent);
        lock (_lock)
        {
            if (!_ready.TryGetValue(key, out var queue))
            {
                return null;
            }

            while (queue.TryDequeue(out var warm))
            {
                Interlocked.Decrement(ref _count);
                if (!warm.Process.Exited.IsCompleted)
                {
                    Interlocked.Increment(ref _hits);
                    return warm;
                }

                _ = DisposeQuietlyAsync(warm);
            }
        }

        return null;
    }

    /// <summary>Puts back a claimed sandbox whose session could not be created (e.g. no room).</summary>
    public void Return(WarmSandbox warm)
    {
        lock (_lock)
        {
            if (_wanted.ContainsKey(warm.Key) && !warm.Process.Exited.IsCompleted)
            {
                Enqueue(warm);
                return;
            }
        }

        _ = DisposeQuietlyAsync(warm);
    }

    public async ValueTask DisposeAsync()
    {
        _fills.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _filler;
        List<WarmSandbox> all;
        lock (_lock)
        {
            all = _ready.Values.SelectMany(queue => queue).ToList();
            _ready.Clear();
        }

        foreach (var warm in all)
        {
            await DisposeQuietlyAsync(warm);
        }

        _stopping.Dispose();
    }

    private async Task FillLoopAsync()
    {
        await foreach (var key in _fills.Reader.ReadAllAsync(CancellationToken.None))
        {
            while (!_stopping.IsCancellationRequested && NextToStart(key) is { } wanted)
            {
                try
                {
                    var spec = new SandboxSpec(Guid.NewGuid(), key.TenantId, wanted.Agent.Name, wanted.Agent.Path, AgentEnvironment.Open(wanted.Agent, _secrets), DefaultOptions(wanted.Agent))
                    {
                        Config = wanted.Config,
                    };
                    var process = await _host.StartAsync(spec, _stopping.Token);
                    var warm = new WarmSandbox(key, spec, process);
                    lock (_lock)
                    {
                        _starting--;
                        if (_wanted.ContainsKey(key))
                        {
                            Enqueue(warm);
                            continue;
                        }
                    }

                    await DisposeQuietlyAsync(warm);
                }
                catch (Exception exception)
                {
                    lock (_lock)
                    {
                        _starting--;
                    }

                    WarmPoolLog.StartFailed(_logger, key.AgentName, exception);
                    break;
                }
            }
        }
    }

    /// <summary>The agent to start one more sandbox for, or null when the pool is full or the budget is used.</summary>
    private (Agent Agent, AgentConfig Config)? NextToStart(WarmKey key)
    {
        lock (_lock)
        {
            if (!_wanted.TryGetValue(key, out var wanted))
            {
                return null;
            }

            var have = _ready.TryGetValue(key, out var queue) ? queue.Count : 0;
            var total = Count + _starting;
            if (have >= wanted.Config.WarmPool || total >= _maxWarm || _slots.InUse + total >= _slots.Capacity)
            {
                return null;
            }

            _starting++;
            return wanted;
        }
    }

    private void Enqueue(WarmSandbox warm)
    {
        if (!_ready.TryGetValue(warm.Key, out var queue))
        {
            _ready[warm.Key] = queue = new Queue<WarmSandbox>();
        }

        queue.Enqueue(warm);
        Interlocked.Increment(ref _count);
    }

    private void DiscardLocked(WarmKey key)
    {
        if (_ready.Remove(key, out var queue))
        {
            foreach (var warm in queue)
            {
                Interlocked.Decrement(ref _count);
                _ = DisposeQuietlyAsync(warm);
            }
        }
    }

    /// <summary>Kills an unused warm sandbox and removes its files: no session ever owned them.</summary>
    private async Task DisposeQuietlyAsync(WarmSandbox warm)
    {
        try
        {
            await warm.Process.DisposeAsync();
            await _host.DeleteAsync(warm.SessionId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            WarmPoolLog.DiscardFailed(_logger, warm.SessionId, exception);
        }
    }
}
