using System.Threading.Channels;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Actors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Warm;

/// <summary>
/// Pre-started sandboxes per agent (<c>warmPool</c> in its <c>ash.json</c>), so creating a session is a
/// database write. A warm sandbox is started from exactly the spec a fresh session of that agent would
/// get (same tenant, agent version, files, env, limits, default options) under a session id chosen in
/// advance, and is handed to one session only; a request with any per-session option (prompt, MCP
/// servers, tools, env, model) never takes one. Warm sandboxes count toward the live-sandbox budget.
/// Sandboxes are started, and agents' pool sizes learnt, by one loop, the host's (a hosted service): a start that
/// fails is logged and tried again after a growing delay; a fault of the loop itself stops the host.
/// </summary>
public sealed class WarmPool : BackgroundService, IAsyncDisposable
{
    /// <summary>How long after a failed start the agent's pool is filled again; doubled after each failure in a row.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    private readonly ISandboxHost _host;
    private readonly ISecretProtector _secrets;
    private readonly SandboxSlots _slots;
    private readonly int _maxWarm;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<WarmKey, Queue<WarmSandbox>> _ready = [];
    private readonly Dictionary<WarmKey, (Agent Agent, AgentConfig Config)> _wanted = [];

    /// <summary>Agent versions whose pool size is known (from a deploy or a first create), zero included.</summary>
    private readonly HashSet<WarmKey> _known = [];
    private readonly Channel<WarmRequest> _requests = Channel.CreateUnbounded<WarmRequest>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Agent versions whose last start failed: how many times in a row, and the timer that fills them again.</summary>
    private readonly Dictionary<WarmKey, (int Failures, ITimer Retry)> _retries = [];

    /// <summary>Unused sandboxes being killed and removed; awaited when the pool is disposed.</summary>
    private readonly HashSet<Task> _discards = [];
    private int _count;
    private int _starting;
    private long _hits;

    public WarmPool(ISandboxHost host, ISecretProtector secrets, SandboxSlots slots, SessionRuntimeOptions options, TimeProvider time, ILogger logger)
    {
        _host = host;
        _secrets = secrets;
        _slots = slots;
        _maxWarm = options.MaxWarmSandboxes;
        _time = time;
        _logger = logger;
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
                StopRetryingLocked(stale);
            }

            if (config.WarmPool == 0)
            {
                _wanted.Remove(key);
                DiscardLocked(key);
                return;
            }

            _wanted[key] = (agent, config);
        }

        Replenish(key);
    }

    /// <summary>
    /// Has <paramref name="learn"/> read the agent's pool size (its <c>ash.json</c>) and tell <see cref="Fill"/>, on the
    /// pool's loop: after a restart the pool learns an agent's size at its first create, off the request's path. A
    /// failure is logged; the next create asks again.
    /// </summary>
    public void Learn(Agent agent, Action<Agent> learn) => _requests.Writer.TryWrite(new WarmRequest(KeyOf(agent), () => learn(agent)));

    /// <summary>True once <see cref="Fill"/> was told this agent version's pool size.</summary>
    public bool Knows(Agent agent) => Knows(KeyOf(agent));

    /// <summary>Starts a replacement for a claimed sandbox (the pool's size is already known).</summary>
    public void Replenish(WarmKey key) => _requests.Writer.TryWrite(new WarmRequest(key, Learn: null));

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
                StopRetryingLocked(key);
            }
        }
    }

    /// <summary>
    /// Takes a live warm sandbox made for exactly this agent version and these options, if there is one. One that died
    /// waiting (killed, out of memory) is removed, and its replacement started: nothing else would start one, as only a
    /// claim does (<see cref="Replenish"/>), and the agent's pool stayed empty until its next deploy.
    /// </summary>
    public WarmSandbox? TryClaim(Agent agent, SessionOptions options)
    {
        if (options != DefaultOptions(agent))
        {
            return null;
        }

        var key = KeyOf(agent);
        var died = false;
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

                Discard(warm);
                died = true;
            }
        }

        if (died)
        {
            Replenish(key);
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

        Discard(warm);
    }

    /// <summary>Stops the loop when no host did (a pool used on its own), then kills and removes every unused sandbox.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _requests.Writer.TryComplete();
        List<Task> discards;
        lock (_lock)
        {
            foreach (var key in _retries.Keys.ToList())
            {
                StopRetryingLocked(key);
            }

            foreach (var key in _ready.Keys.ToList())
            {
                DiscardLocked(key);
            }

            discards = [.. _discards];
        }

        await Task.WhenAll(discards);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
            {
                if (request.Learn is { } learn)
                {
                    LearnSize(request.Key, learn);
                }
                else
                {
                    await FillAsync(request.Key, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void LearnSize(WarmKey key, Action learn)
    {
        if (Knows(key))
        {
            return;
        }

        try
        {
            learn();
        }
        catch (Exception exception)
        {
            WarmPoolLog.LearnFailed(_logger, key.AgentName, exception);
        }
    }

    /// <summary>Starts sandboxes until the agent's pool is full or the budget is used; after a failed start, tries again later.</summary>
    private async Task FillAsync(WarmKey key, CancellationToken stoppingToken)
    {
        while (NextToStart(key) is { } wanted)
        {
            WarmSandbox warm;
            try
            {
                var spec = new SandboxSpec(Guid.NewGuid(), key.TenantId, wanted.Agent.Name, wanted.Agent.Path, AgentEnvironment.Open(wanted.Agent, _secrets), DefaultOptions(wanted.Agent))
                {
                    Config = wanted.Config,
                };
                warm = new WarmSandbox(key, spec, await _host.StartAsync(spec, stoppingToken));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                lock (_lock)
                {
                    _starting--;
                }

                throw;
            }
            catch (Exception exception)
            {
                (int Failures, TimeSpan Delay) retry;
                lock (_lock)
                {
                    _starting--;
                    retry = RetryLaterLocked(key);
                }

                WarmPoolLog.StartFailed(_logger, key.AgentName, retry.Failures, retry.Delay, exception);
                return;
            }

            lock (_lock)
            {
                _starting--;
                StopRetryingLocked(key);
                if (_wanted.ContainsKey(key))
                {
                    Enqueue(warm);
                    continue;
                }
            }

            await DisposeQuietlyAsync(warm);
        }
    }

    private bool Knows(WarmKey key)
    {
        lock (_lock)
        {
            return _known.Contains(key);
        }
    }

    /// <summary>Counts the failure and arms the timer that fills the agent's pool again after the delay it earned.</summary>
    private (int Failures, TimeSpan Delay) RetryLaterLocked(WarmKey key)
    {
        var failures = 1;
        if (_retries.Remove(key, out var previous))
        {
            failures = previous.Failures + 1;
            previous.Retry.Dispose();
        }

        var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures - 1, 16)));
        _retries[key] = (failures, _time.CreateTimer(_ => Replenish(key), null, delay, Timeout.InfiniteTimeSpan));
        return (failures, delay);
    }

    private void StopRetryingLocked(WarmKey key)
    {
        if (_retries.Remove(key, out var retry))
        {
            retry.Retry.Dispose();
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
                Discard(warm);
            }
        }
    }

    /// <summary>Kills and removes an unused sandbox off the caller's path; the pool keeps the work until it is done.</summary>
    private void Discard(WarmSandbox warm)
    {
        var discarding = DisposeQuietlyAsync(warm);
        lock (_lock)
        {
            _discards.RemoveWhere(task => task.IsCompleted);
            _discards.Add(discarding);
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

    /// <summary>Fill <see cref="Key"/>'s pool, or (with <see cref="Learn"/>) learn its size first.</summary>
    private readonly record struct WarmRequest(WarmKey Key, Action? Learn);
}
