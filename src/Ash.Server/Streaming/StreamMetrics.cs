using System.Diagnostics.Metrics;
using Ash.Core.Metrics;

namespace Ash.Server.Streaming;

/// <summary>
/// Open SSE streams and the ones cut off for falling behind (issue 14), by kind: <c>message</c> (the stream of
/// <c>POST …/messages</c>) or <c>session</c> (<c>GET …/stream</c>).
/// </summary>
public sealed class StreamMetrics
{
    public const string Subscribers = "sse_subscribers";
    public const string CutOffs = "sse_cutoffs_total";

    public const string StreamTag = "stream";

    private static readonly KeyValuePair<string, object?> MessageKind = new(StreamTag, "message");
    private static readonly KeyValuePair<string, object?> SessionKind = new(StreamTag, "session");

    private readonly Counter<long> _cutOffs;
    private long _messageStreams;
    private long _sessionStreams;

    public StreamMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AshMeter.Name);
        meter.CreateObservableGauge(Subscribers, Observe, "{stream}", "SSE streams open now, by kind");
        _cutOffs = meter.CreateCounter<long>(CutOffs, "{stream}", "SSE streams cut off because the client fell too far behind, by kind");
    }

    /// <summary>Counts a stream as open until the returned handle is disposed.</summary>
    public Subscriber Open(StreamKind kind)
    {
        Interlocked.Increment(ref Count(kind));
        return new Subscriber(this, kind);
    }

    public void CutOff(StreamKind kind) => _cutOffs.Add(1, Tag(kind));

    private ref long Count(StreamKind kind) => ref kind == StreamKind.Message ? ref _messageStreams : ref _sessionStreams;

    private static KeyValuePair<string, object?> Tag(StreamKind kind) => kind == StreamKind.Message ? MessageKind : SessionKind;

    private Measurement<long>[] Observe() =>
    [
        new(Interlocked.Read(ref _messageStreams), MessageKind),
        new(Interlocked.Read(ref _sessionStreams), SessionKind),
    ];

    public readonly struct Subscriber(StreamMetrics metrics, StreamKind kind) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref metrics.Count(kind));
    }
}
