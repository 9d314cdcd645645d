using System.Collections.Concurrent;
using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>
/// Actor calls for the whole mesh: placement lookup, the per-actor turn (shared mesh-wide, because every
/// sidecar of the mesh is in this process), activation tracking and deactivation (reference §1.2, §1.5).
/// </summary>
internal sealed partial class ActorRuntime(Placement placement, TimeProvider time, ILogger<ActorRuntime> logger)
{
    private readonly ConcurrentDictionary<ActorKey, TurnLock> turnLocks = new();
    private readonly Lock gate = new();
    private readonly Dictionary<ActorKey, Activation> active = [];

    /// <summary>Raised when an activation ends, so the actor's timers (which belong to it) stop.</summary>
    public event Action<ActorKey>? Deactivated;

    public async Task<ActorCallResult> InvokeAsync(ActorKey actor, string methodPath, ForwardedCall call, CancellationToken cancellationToken)
    {
        using var turn = await TurnLockOf(actor).EnterAsync(cancellationToken);
        if (placement.Lookup(actor) is not { App: { } app } host)
        {
            return ActorCallResult.Failed(new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_INVOKE_METHOD",
                $"error invoke actor method: did not find address for actor {actor}: no host for actor type {actor.Type}"));
        }

        Activate(actor, host);
        try
        {
            using var request = app.CreateRequest(HttpMethod.Put, $"{actor.AppPath}/method/{methodPath}{call.QueryString}");
            call.CopyTo(request);
            using var response = await app.SendAsync(request, cancellationToken);
            var reply = await AppReply.ReadAsync(response, cancellationToken);
            if (reply.StatusCode == StatusCodes.Status200OK)
            {
                return ActorCallResult.Relayed(reply);
            }

            // Only an exact 200 is success; 404 means "method not found" and is not retried (targets/app/app.go).
            var body = System.Text.Encoding.UTF8.GetString(reply.Body);
            return ActorCallResult.Failed(new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_INVOKE_METHOD",
                $"error invoke actor method: error from actor service: ({reply.StatusCode}) {body}"));
        }
        catch (HttpRequestException exception)
        {
            return ActorCallResult.Failed(new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_INVOKE_METHOD",
                $"error invoke actor method: {exception.Message}"));
        }
        finally
        {
            Touch(actor);
        }
    }

    public IReadOnlyList<ActiveActor> Snapshot()
    {
        lock (gate)
        {
            return [.. active.Select(entry => new ActiveActor(entry.Key.Type, entry.Key.Id, entry.Value.Host.Name))];
        }
    }

    public IReadOnlyDictionary<string, int> CountsByType(Sidecar host)
    {
        lock (gate)
        {
            return active.Where(entry => entry.Value.Host == host).GroupBy(entry => entry.Key.Type)
                .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        }
    }

    public async Task DeactivateAllAsync(CancellationToken cancellationToken)
    {
        foreach (var actor in ActiveKeys(_ => true))
        {
            await DeactivateAsync(actor, _ => true, cancellationToken);
        }
    }

    /// <summary>After placement gained a host, actors whose id now maps elsewhere are deactivated where they were.</summary>
    public async Task RebalanceAsync(CancellationToken cancellationToken)
    {
        foreach (var actor in ActiveKeys(entry => placement.Lookup(entry.Key) != entry.Value.Host))
        {
            await DeactivateAsync(actor, activation => placement.Lookup(actor) != activation.Host, cancellationToken);
        }
    }

    /// <summary>The host is gone: its activations are forgotten without a call to its app.</summary>
    public void ForgetHost(Sidecar host)
    {
        List<ActorKey> forgotten;
        lock (gate)
        {
            forgotten = [.. active.Where(entry => entry.Value.Host == host).Select(entry => entry.Key)];
            foreach (var actor in forgotten)
            {
                active.Remove(actor);
            }
        }

        foreach (var actor in forgotten)
        {
            Deactivated?.Invoke(actor);
        }
    }

    public async Task RunIdleDeactivationAsync(TimeSpan scanInterval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(scanInterval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var actor in ActiveKeys(IsIdle))
            {
                if (!TurnLockOf(actor).IsHeld)
                {
                    await DeactivateAsync(actor, activation => IsIdle(KeyValuePair.Create(actor, activation)), cancellationToken);
                }
            }
        }
    }

    private bool IsIdle(KeyValuePair<ActorKey, Activation> entry) =>
        time.GetUtcNow() - entry.Value.LastUsed >= entry.Value.Host.Configuration.SettingsFor(entry.Key.Type).IdleTimeout;

    private async Task DeactivateAsync(ActorKey actor, Func<Activation, bool> stillWanted, CancellationToken cancellationToken)
    {
        using var turn = await TurnLockOf(actor).EnterAsync(cancellationToken);
        Activation? activation;
        lock (gate)
        {
            if (!active.TryGetValue(actor, out activation) || !stillWanted(activation))
            {
                return;
            }

            active.Remove(actor);
        }

        Deactivated?.Invoke(actor);
        if (activation.Host.App is not { } app)
        {
            return;
        }

        // The sidecar has already dropped the actor; a failed DELETE is only logged, as daprd does.
        try
        {
            using var request = app.CreateRequest(HttpMethod.Delete, actor.AppPath);
            using var response = await app.SendAsync(request, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                LogDeactivationFailed(actor.ToString(), activation.Host.Name, $"status {(int)response.StatusCode}");
            }
        }
        catch (HttpRequestException exception)
        {
            LogDeactivationFailed(actor.ToString(), activation.Host.Name, exception.Message);
        }
    }

    private List<ActorKey> ActiveKeys(Func<KeyValuePair<ActorKey, Activation>, bool> predicate)
    {
        lock (gate)
        {
            return [.. active.Where(predicate).Select(entry => entry.Key)];
        }
    }

    private TurnLock TurnLockOf(ActorKey actor) => turnLocks.GetOrAdd(actor, _ => new TurnLock());

    private void Activate(ActorKey actor, Sidecar host)
    {
        lock (gate)
        {
            if (!active.TryGetValue(actor, out var activation) || activation.Host != host)
            {
                active[actor] = new Activation(host) { LastUsed = time.GetUtcNow() };
            }
        }
    }

    private void Touch(ActorKey actor)
    {
        lock (gate)
        {
            if (active.TryGetValue(actor, out var activation))
            {
                activation.LastUsed = time.GetUtcNow();
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Deactivating actor {Actor} on {Sidecar} failed: {Reason}")]
    private partial void LogDeactivationFailed(string actor, string sidecar, string reason);

    private sealed class Activation(Sidecar host)
    {
        public Sidecar Host { get; } = host;

        public DateTimeOffset LastUsed { get; set; }
    }
}
