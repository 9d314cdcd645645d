using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary><c>?metadata.cloudevent.id|source|type=…</c> (over gRPC the request's <c>cloudevent.*</c> metadata) and the caller's trace headers (reference §3.1).</summary>
internal sealed record EnvelopeOverrides(string? Id, string? Source, string? Type, string? TraceParent, string? TraceState)
{
    public static EnvelopeOverrides From(HttpRequest request)
    {
        string? Query(string name) => request.Query[name] is { Count: > 0 } values ? values.ToString() : null;
        string? Header(string name) => request.Headers[name] is { Count: > 0 } values ? values.ToString() : null;
        return new EnvelopeOverrides(
            Query("metadata.cloudevent.id"), Query("metadata.cloudevent.source"), Query("metadata.cloudevent.type"), Header("traceparent"), Header("tracestate"));
    }

    public static EnvelopeOverrides From(IDictionary<string, string> metadata, Metadata headers) => new(
        metadata.TryGetValue("cloudevent.id", out var id) ? id : null,
        metadata.TryGetValue("cloudevent.source", out var source) ? source : null,
        metadata.TryGetValue("cloudevent.type", out var type) ? type : null,
        headers.GetValue("traceparent"),
        headers.GetValue("tracestate"));
}
