namespace Ash.Core.Reminders;

/// <summary>Receives the due reminders of one actor type. Throwing means "not handled": it is delivered again later.</summary>
public interface IReminderReceiver
{
    string ActorType { get; }

    Task ReceiveAsync(Reminder reminder, CancellationToken cancellationToken);
}
