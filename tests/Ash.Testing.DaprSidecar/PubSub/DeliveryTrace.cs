using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>
/// Delivers an event in its publisher's trace, as daprd does (runtime/pubsub publishMessageHTTP: the CloudEvent's
/// <c>traceparent</c>, else <c>traceid</c>, is the parent of a span of its own around the app call, whose context goes
/// to the app as <c>traceparent</c>). The stand-in's span is a bare <see cref="Activity"/> that the HTTP client sends
/// on (its own span in between when a tracer of the process records it).
/// </summary>
internal static class DeliveryTrace
{
    /// <summary>The delivery's span, current until disposed, or null when the event carries no trace context.</summary>
    public static Activity? Start(JsonObject envelope, string topic)
    {
        var traceParent = Text(envelope, "traceparent") ?? Text(envelope, "traceid");
        if (traceParent is null || !ActivityContext.TryParse(traceParent, Text(envelope, "tracestate"), isRemote: true, out var parent))
        {
            return null;
        }

        return new Activity("pubsub/" + topic).SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags).Start();
    }

    private static string? Text(JsonObject envelope, string name) =>
        envelope[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
