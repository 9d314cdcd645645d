using System.Text.Json;
using Ash.Core.Reminders;
using Ash.Dapr.Client;

namespace Ash.Dapr.Reminders;

/// <summary>
/// Durable reminders as Dapr actor reminders (DESIGN.md §3). Ours are one-shot and must be delivered
/// until handled, while a Dapr reminder that fails is retried a few times and then skipped (§1.3): so
/// each is registered with a period of <see cref="InProcessReminders.RedeliveryDelay"/> and cancelled by
/// the handler's answer once handled (<c>X-DaprReminderCancel</c>, see <see cref="App.ReminderFiring"/>).
/// Registration goes through this app's sidecar, which must host the actor type (§10.2).
/// </summary>
public sealed class DaprReminders(DaprClient dapr, TimeProvider time) : IReminders
{
    public Task SetAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        var due = reminder.DueAt - time.GetUtcNow();
        var data = reminder.Data is null ? null : JsonSerializer.SerializeToUtf8Bytes(reminder.Data, DaprRemindersJsonContext.Default.String);
        return dapr.SetReminderAsync(
            reminder.ActorType, reminder.ActorId, reminder.Name,
            new ActorReminder(due < TimeSpan.Zero ? TimeSpan.Zero : due, InProcessReminders.RedeliveryDelay, data),
            cancellationToken);
    }

    public Task CancelAsync(string actorType, string actorId, string name, CancellationToken cancellationToken) =>
        dapr.DeleteReminderAsync(actorType, actorId, name, cancellationToken);

    /// <summary>
    /// The reminder a firing stands for, with its data decoded back to the string it was set with. daprd echoes
    /// the data as registered (§1.2), always a JSON string here: anything else is refused (400).
    /// </summary>
    public static Reminder FromFiring(string actorType, string actorId, string name, App.ReminderFiring firing, DateTimeOffset now)
    {
        string? data = null;
        if (firing.Data is { } json)
        {
            try
            {
                data = JsonSerializer.Deserialize(json, DaprRemindersJsonContext.Default.String);
            }
            catch (JsonException)
            {
                throw App.DaprCallRefusedException.BadBody("$.data");
            }
        }

        return new Reminder(actorType, actorId, name, now, data);
    }
}
