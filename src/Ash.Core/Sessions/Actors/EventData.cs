using System.Buffers;
using System.Text.Json;

namespace Ash.Core.Sessions.Actors;

/// <summary>The small JSON payloads of the events the platform itself emits, as UTF-8 (what events carry).</summary>
public static class EventData
{
    public static byte[] SessionStart(Guid sessionId, string version) =>
        Write(w =>
        {
            w.WriteString("sessionId", sessionId);
            w.WriteString("version", version);
        });

    public static byte[] Done(Guid sessionId) => Write(w => w.WriteString("sessionId", sessionId));

    public static byte[] Error(string message) => Write(w => w.WriteString("error", message));

    /// <summary>An error with a stable code (<c>turn_timeout</c>, <c>output_limit</c>, …) beside Ash's message.</summary>
    public static byte[] Error(string message, string code) =>
        Write(w =>
        {
            w.WriteString("error", message);
            w.WriteString("code", code);
        });

    /// <summary>Where a turn's output stops being kept: <c>{reason, limit, message}</c>.</summary>
    public static byte[] Truncated(string reason, long? limit, string message) =>
        Write(w =>
        {
            w.WriteString("reason", reason);
            if (limit is { } value)
            {
                w.WriteNumber("limit", value);
            }

            w.WriteString("message", message);
        });

    public static byte[] Status(string status, string? reason = null) =>
        Write(w =>
        {
            w.WriteString("status", status);
            if (reason is not null)
            {
                w.WriteString("reason", reason);
            }
        });

    public static byte[] Lifecycle(string action, string? path, string? reason, Guid? parentSessionId) =>
        Write(w =>
        {
            w.WriteString("action", action);
            if (path is not null)
            {
                w.WriteString("path", path);
            }

            if (reason is not null)
            {
                w.WriteString("reason", reason);
            }

            if (parentSessionId is { } parent)
            {
                w.WriteString("parentSessionId", parent);
            }
        });

    public static byte[] ResourceLimit(Sandboxes.LimitHit hit) =>
        Write(w =>
        {
            w.WriteString("resource", hit.Resource);
            w.WriteNumber("limit", hit.Limit);
            w.WriteNumber("count", hit.Count);
            w.WriteString("message", hit.Message);
        });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
