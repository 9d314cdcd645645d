using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.App;
using Ash.Dapr.Reminders;

namespace Ash.Server.Dapr;

/// <summary>
/// The actor type <c>session</c> as Dapr sees it. In this step the session actors still run in this
/// process (every role in one app), so daprd only delivers their reminders here: lifecycle retries,
/// idle stops, retention. A reminder handled without an exception is cancelled (it was one-shot).
/// </summary>
internal sealed class SessionActorType(IEnumerable<IReminderReceiver> receivers, TimeProvider time) : IDaprActorType
{
    private readonly IReminderReceiver _receiver = receivers.Single(receiver => receiver.ActorType == SessionReminders.ActorType);

    public string Name => SessionReminders.ActorType;

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) =>
        throw new DaprActorMethodNotFoundException(Name, method);

    public async Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken)
    {
        await _receiver.ReceiveAsync(DaprReminders.FromFiring(Name, actorId, reminderName, firing, time.GetUtcNow()), cancellationToken);
        return true;
    }

    // The in-process actor retires itself when idle (ActorIdleSweep); nothing to drop here.
    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken) => Task.CompletedTask;
}
