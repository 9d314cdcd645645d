using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary>The body of <c>GET …/reminders/{name}</c> (reference §1.3).</summary>
internal sealed record ReminderResponse(
    [property: JsonPropertyName("actorID")] string ActorId,
    string ActorType,
    string Name,
    string DueTime,
    string Period,
    JsonElement? Data,
    DateTimeOffset RegisteredTime,
    DateTimeOffset? ExpirationTime)
{
    public static ReminderResponse From(ScheduledCallback reminder) => new(
        reminder.Actor.Id, reminder.Actor.Type, reminder.Name, reminder.DueTime, reminder.Period, reminder.Data, reminder.RegisteredTime, reminder.Expiration);
}
