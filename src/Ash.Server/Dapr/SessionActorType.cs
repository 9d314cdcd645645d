using Ash.Core.Reminders;
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
internal sealed class SessionActorType(IEnumerable<IReminderReceiver> receivers, TimeProvider time, SessionCallHandler? calls = null) : IDaprActorType
{
    private readonly IReminderReceiver _receiver = receivers.Single(receiver => receiver.ActorType == SessionReminders.ActorType);

    public string Name => SessionReminders.ActorType;

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        calls is not null && Guid.TryParseExact(actorId, "D", out var sessionId)
            ? calls.HandleAsync(sessionId, method, body, Name, cancellationToken)
            : throw new DaprActorMethodNotFoundException(Name, method);

    public async Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken)
    {
        await _receiver.ReceiveAsync(DaprReminders.FromFiring(Name, actorId, reminderName, firing, time.GetUtcNow()), cancellationToken);
        return true;
    }

    // The in-process actor retires itself when idle (ActorIdleSweep); nothing to drop here.
    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken) => Task.CompletedTask;
}
