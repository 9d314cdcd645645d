using System.Diagnostics;
using OpenTelemetry;

namespace Ash.Server.Tracing;

/// <summary>
/// An outgoing call with no span around it is background chatter (a long poll of a remote sandbox, a node's heartbeat,
/// a reminder set after a turn), not an operation worth a trace of its own: its span is kept out of the export, and
/// its context goes out marked "not sampled", so whatever the call reaches (the other app's side of it, a subscriber)
/// is not traced either. A call made inside a span (a request, a turn, a step) is traced as usual.
/// </summary>
internal sealed class BackgroundCalls : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        if (data.Kind == ActivityKind.Client && data.ParentSpanId == default)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
