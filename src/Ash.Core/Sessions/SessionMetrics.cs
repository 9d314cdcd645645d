using System.Diagnostics.Metrics;
using Ash.Core.Metrics;

namespace Ash.Core.Sessions;

/// <summary>
/// Turns, the events they write, and what the sessions refused or hit (issue 14). Measurements are taken once
/// per turn or per written batch, never per agent line. No tag names a session, agent or tenant.
/// </summary>
public sealed class SessionMetrics
{
    public const string Turns = "turns_total";
    public const string TurnDuration = "turn_duration_seconds";
    public const string TurnFirstEvent = "turn_first_event_seconds";
    public const string EventsWritten = "events_written_total";
    public const string CapacityRefusals = "capacity_refusals_total";
    public const string ResourceLimitHits = "resource_limit_hits_total";

    /// <summary>Tag <c>outcome</c>: <c>ok</c> or <c>error</c> (the turn ended with an <c>error</c> event).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag <c>reason</c> of a capacity refusal: <see cref="LiveSandboxes"/>, <see cref="TurnQueue"/> or <see cref="ExecSlots"/>.</summary>
    public const string ReasonTag = "reason";

    public const string LiveSandboxes = "live_sandboxes";
    public const string TurnQueue = "turn_queue";
    public const string ExecSlots = "exec";

    /// <summary>Tag <c>resource</c>: memory, processes, disk or inodes (<see cref="Sandboxes.LimitHit"/>).</summary>
    public const string ResourceTag = "resource";

    private static readonly KeyValuePair<string, object?> Ok = new(OutcomeTag, "ok");
    private static readonly KeyValuePair<string, object?> Failed = new(OutcomeTag, "error");

    private readonly Counter<long> _turns;
    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _firstEvent;
    private readonly Counter<long> _events;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _limitHits;

    public SessionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AshMeter.Name);
        _turns = meter.CreateCounter<long>(Turns, "{turn}", "Turns finished, by outcome");
        _turnDuration = meter.CreateHistogram(TurnDuration, "s", "A turn from its start (session_start) to done, by outcome", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.DurationBuckets });
        _firstEvent = meter.CreateHistogram(TurnFirstEvent, "s", "A turn's start to its first event from the agent (includes starting the agent when the turn had to)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.DurationBuckets });
        _events = meter.CreateCounter<long>(EventsWritten, "{event}", "Session events appended to the event log");
        _refusals = meter.CreateCounter<long>(CapacityRefusals, "{refusal}", "Requests refused for capacity (503 with Retry-After), by reason");
        _limitHits = meter.CreateCounter<long>(ResourceLimitHits, "{hit}", "Turns during which the kernel enforced a sandbox limit, by resource");
    }

    public void TurnFinished(bool failed, TimeSpan duration)
    {
        var outcome = failed ? Failed : Ok;
        _turns.Add(1, outcome);
        _turnDuration.Record(duration.TotalSeconds, outcome);
    }

    public void FirstEvent(TimeSpan sinceTurnStart) => _firstEvent.Record(sinceTurnStart.TotalSeconds);

    public void EventsAppended(int count) => _events.Add(count);

    public void CapacityRefused(string reason) => _refusals.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason));

    public void LimitHit(string resource) => _limitHits.Add(1, new KeyValuePair<string, object?>(ResourceTag, resource));
}
