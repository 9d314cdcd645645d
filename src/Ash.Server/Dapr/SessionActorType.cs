using Ash.Core.Reminders;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.App;
using Ash.Dapr.Reminders;
using Ash.Dapr.Sessions;

namespace Ash.Server.Dapr;

/// <summary>
/// The actor type <c>session</c> as Dapr sees it: its reminders (lifecycle retries, idle stops, retention;
/// one handled without an exception is cancelled, it was one-shot), and, when the API runs in other
/// processes, every operation they forward (<see cref="SessionCallHandler"/>). With every role in one app
/// the API calls the actors directly and the methods are not used.
/// </summary>
internal sealed class SessionActorType(SessionActors actors, TimeProvider time, SessionCallHandler? calls = null) : IDaprActorType
{
    public string Name => SessionReminders.ActorType;

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (calls is null)
        {
            throw new DaprActorMethodNotFoundException(Name, method);
        }

        return Guid.TryParseExact(actorId, "D", out var sessionId)
            ? calls.HandleAsync(sessionId, method, body, Name, cancellationToken)
            : throw DaprCallRefusedException.BadRequest("A session actor's id is its session id", "invalid_actor_id");
    }

    public async Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(actorId, "D", out _))
        {
            throw DaprCallRefusedException.BadRequest("A session actor's id is its session id", "invalid_actor_id");
        }

        await actors.ReceiveAsync(DaprReminders.FromFiring(Name, actorId, reminderName, firing, time.GetUtcNow()), cancellationToken);
        return true;
    }

    /// <summary>
    /// daprd moved the actor to another host (or found it idle): the session is handed off, so it never
    /// runs in two places. With every role in one app (one replica) the API uses the actors directly, daprd
    /// sees only their reminders and has nowhere to move them, so there is nothing to hand off. (Idle actors
    /// also retire themselves from memory, ActorIdleSweep.)
    /// </summary>
    public async Task DeactivateAsync(string actorId, CancellationToken cancellationToken)
    {
        if (calls is not null && Guid.TryParseExact(actorId, "D", out var sessionId))
        {
            await actors.HandOffAsync(sessionId);
        }
    }
}
