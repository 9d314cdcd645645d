using System.Diagnostics;

namespace Ash.Testing.Server;

/// <summary>
/// A trace the test starts itself, as a traced client would: calls made under <see cref="Begin"/> carry its trace id
/// in their W3C <c>traceparent</c> (the HTTP client's own span in between when a tracer of this process records
/// it), and the server's spans and log lines then carry it too, so the test finds them by it.
/// </summary>
public sealed class CallerTrace
{
    private ActivitySpanId _callerSpan;

    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    public static CallerTrace New() => new();

    /// <summary>The caller's span, current until disposed: sampled, in this trace.</summary>
    public Activity Begin()
    {
        var caller = new Activity("test caller").SetParentId(TraceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        _callerSpan = caller.SpanId;
        return caller;
    }

    /// <summary>The trace id as OTLP's protobuf carries it: 16 raw bytes.</summary>
    public byte[] TraceIdBytes()
    {
        var bytes = new byte[16];
        TraceId.CopyTo(bytes);
        return bytes;
    }

    /// <summary>The server's span of a request came from the caller's span (through the HTTP client's, when recorded).</summary>
    public void AssertCalled(Activity request, IReadOnlyList<Activity> trace)
    {
        Assert.Equal(TraceId, request.TraceId);
        var top = request.AncestorsIn(trace).LastOrDefault() ?? request;
        Assert.Equal(_callerSpan, top.ParentSpanId);
    }
}
