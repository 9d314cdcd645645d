using System.Diagnostics;
using Ash.Core.Tracing;

namespace Ash.Dapr.Events;

/// <summary>
/// The publish of a batch of session events on Dapr (issue 14): a producer span, child of the span that wrote the
/// batch, around the call to the sidecar. daprd carries its context in the CloudEvent's <c>traceparent</c> and hands it
/// to each subscriber on delivery, so the API replica that streams the events continues the same trace.
/// </summary>
public static class EventBusTracing
{
    public const string SourceName = "Ash.EventBus";

    public const string Publish = "session-events publish";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The publish's span, or null: when no tracer listens, or when the batch was written outside any trace.</summary>
    internal static Activity? StartPublish(ActivityContext writer, Guid sessionId, string topic)
    {
        if (writer == default)
        {
            return null;
        }

        var activity = Source.StartActivity(Publish, ActivityKind.Producer, writer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TraceAttributes.SessionId, sessionId.ToString("D"));
            activity.SetTag("messaging.system", "dapr");
            activity.SetTag("messaging.destination.name", topic);
        }

        return activity;
    }
}
