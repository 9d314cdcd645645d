namespace Ash.Core.Reminders;

/// <summary>
/// The durable reminders building block (DESIGN.md §3): what actors use to be called back later,
/// even across restarts. In-process here; Dapr actor reminders in the distributed mode.
/// </summary>
public interface IReminders
{
    /// <summary>Sets (or moves) the reminder; durable when the call returns.</summary>
    Task SetAsync(Reminder reminder, CancellationToken cancellationToken);

    Task CancelAsync(string actorType, string actorId, string name, CancellationToken cancellationToken);
}
