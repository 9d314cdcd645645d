using System.Text.Json;
using Ash.Testing.DaprSidecar.Actors;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary>A registered reminder or timer: the strings as registered (echoed back) and the parsed schedule.</summary>
internal sealed record ScheduledCallback(
    CallbackKind Kind,
    ActorKey Actor,
    string Name,
    string DueTime,
    string Period,
    JsonElement? Data,
    string? Callback,
    DateTimeOffset RegisteredTime,
    DateTimeOffset FirstFire,
    ScheduleInterval? Interval,
    int? Repetitions,
    DateTimeOffset? Expiration)
{
    public string MethodPath => $"{(Kind == CallbackKind.Reminder ? "remind" : "timer")}/{Uri.EscapeDataString(Name)}";

    /// <summary>Reads a registration body; null with a problem when a time or the JSON is malformed.</summary>
    public static ScheduledCallback? Parse(CallbackKind kind, ActorKey actor, string name, JsonElement? body, DateTimeOffset now, out string? problem)
    {
        problem = null;
        if (body is { } element && element.ValueKind != JsonValueKind.Object)
        {
            problem = "the body must be a JSON object";
            return null;
        }

        var dueTime = ReadString(body, "dueTime");
        var period = ReadString(body, "period");
        var ttl = ReadString(body, "ttl");
        if (!ScheduleSyntax.TryParseDueTime(dueTime, now, out var firstFire))
        {
            problem = $"failed to parse dueTime '{dueTime}'";
            return null;
        }

        if (!ScheduleSyntax.TryParsePeriod(period, out var interval, out var repetitions))
        {
            problem = $"failed to parse period '{period}'";
            return null;
        }

        if (!ScheduleSyntax.TryParseTtl(ttl, now, out var expiration))
        {
            problem = $"failed to parse ttl '{ttl}'";
            return null;
        }

        if (expiration is { } expires && expires < firstFire)
        {
            problem = $"ttl '{ttl}' expires before the first fire time";
            return null;
        }

        JsonElement? data = body is { } b && b.TryGetProperty("data", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null;
        var callback = kind == CallbackKind.Timer ? ReadString(body, "callback") : null;
        return new ScheduledCallback(kind, actor, name, dueTime, period, data, callback, now, firstFire, interval, repetitions, expiration);
    }

    /// <summary><c>{"dueTime","period","data"}</c> for a reminder; timers add <c>callback</c> (reference §1.2).</summary>
    public byte[] CallbackBody()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (Kind == CallbackKind.Timer)
            {
                writer.WriteString("callback", Callback ?? "");
            }

            writer.WriteString("dueTime", DueTime);
            writer.WriteString("period", Period);
            if (Data is { } data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string ReadString(JsonElement? body, string name) =>
        body is { } element && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
