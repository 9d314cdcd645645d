using System.Text.Json.Nodes;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>A pub/sub delivery as the test app received it, with the delivery's <c>traceparent</c> header, if any.</summary>
internal sealed record RecordedEvent(string Route, JsonObject CloudEvent, string? ContentType, string? TraceParent = null)
{
    public string Id => CloudEvent["id"]!.GetValue<string>();

    public string DataText => CloudEvent["data"]?.ToJsonString() ?? "";
}
