namespace Ash.Core.Reminders;

/// <summary>Where in-process reminders live, so they survive restarts.</summary>
public interface IReminderStore
{
    /// <summary>Inserts or replaces the reminder with the same actor type, actor id and name.</summary>
    Task SetAsync(Reminder reminder, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the reminder. With <paramref name="dueAt"/> it is deleted only while it is still due at
    /// that time, so a reminder moved while it was being delivered survives. True when a row was deleted.
    /// </summary>
    Task<bool> DeleteAsync(string actorType, string actorId, string name, DateTimeOffset? dueAt, CancellationToken cancellationToken);

    /// <summary>Reminders due at or before <paramref name="until"/>, earliest first.</summary>
    Task<IReadOnlyList<Reminder>> ListDueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken);

    /// <summary>The earliest due time of any reminder, or null when there is none.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);
}
