using System.Text.Json;
using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.Client;

namespace Ash.Dapr.Sessions;

/// <summary>
/// The lifecycle step machine's progress as state of the session's own actor (DESIGN.md §2: the session
/// actor's state lives in the actor state store), under the key <see cref="Key"/> of <c>session/&lt;id&gt;</c>.
/// Written only by the process hosting that actor, while Dapr has it active (a forwarded call, a reminder, or
/// the turn that call queued), through its own sidecar.
/// Actor state cannot be listed, so an operation is not found at start-up: instead, when one starts, a
/// <see cref="SessionReminders.Lifecycle"/> reminder is set a little later. If the operation is done by then
/// the reminder finds nothing and ends; if its host died, Dapr delivers it wherever the actor now lives,
/// which continues from the recorded step. A retry's backoff reminder replaces it.
/// </summary>
public sealed class ActorStateLifecycleStore(DaprClient dapr, IReminders reminders, TimeProvider time) : ILifecycleStore
{
    public const string Key = "lifecycle";

    /// <summary>How long after an operation starts its guard reminder fires: longer than any operation takes.</summary>
    public static readonly TimeSpan GuardDelay = TimeSpan.FromMinutes(2);

    public async Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken)
    {
        var actorId = progress.SessionId.ToString();
        var json = JsonSerializer.SerializeToUtf8Bytes(progress, LifecycleProgressJsonContext.Default.LifecycleProgress);
        await dapr.TransactActorStateAsync(SessionReminders.ActorType, actorId, [ActorStateOperation.Upsert(Key, json)], cancellationToken);
        if (progress is { Step: 0, Attempt: 0 })
        {
            await reminders.SetAsync(SessionReminders.For(progress.SessionId, SessionReminders.Lifecycle, time.GetUtcNow() + GuardDelay), cancellationToken);
        }
    }

    public async Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var stored = await dapr.GetActorStateAsync(SessionReminders.ActorType, sessionId.ToString(), Key, cancellationToken);
        return stored is null ? null : JsonSerializer.Deserialize(stored, LifecycleProgressJsonContext.Default.LifecycleProgress);
    }

    /// <summary>None: each operation's own reminder brings it back (see the class summary).</summary>
    public Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<LifecycleProgress>>([]);

    public Task ClearAsync(Guid sessionId, CancellationToken cancellationToken) =>
        dapr.TransactActorStateAsync(SessionReminders.ActorType, sessionId.ToString(), [ActorStateOperation.Delete(Key)], cancellationToken);
}
