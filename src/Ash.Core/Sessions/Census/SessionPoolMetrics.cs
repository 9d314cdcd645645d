using System.Diagnostics.Metrics;
using Ash.Core.Metrics;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Warm;

namespace Ash.Core.Sessions.Census;

/// <summary>
/// Sessions by status and this server's sandboxes (Ash's <c>ash_active_sessions</c>, <c>ash_active_sandboxes</c>,
/// <c>ash_pool_sandboxes</c>, <c>ash_pool_max_capacity</c>, <c>ash_resume_total</c>): observed when scraped, from
/// counters and state this server keeps anyway and the <see cref="SessionCensus"/> snapshot; nothing is counted
/// on the hot path for them. The pool's states are <c>/health</c>'s (docs/api.md).
/// </summary>
public sealed class SessionPoolMetrics
{
    public const string Sessions = "sessions";
    public const string LiveSandboxes = "sandboxes_live";
    public const string WarmSandboxes = "sandboxes_warm";
    public const string PoolSandboxes = "pool_sandboxes";
    public const string PoolMaxCapacity = "pool_max_capacity";
    public const string Resumes = "resume_total";

    public const string StatusTag = "status";

    /// <summary>Tag <c>state</c> of <see cref="PoolSandboxes"/>: cold, warming, warm, waiting, running (Ash's PoolStats).</summary>
    public const string StateTag = "state";

    /// <summary>Tag <c>path</c> of <see cref="Resumes"/>: warm, cold, or prewarm (warm-pool claims, as Ash counts them).</summary>
    public const string PathTag = "path";

    private readonly SandboxSlots _slots;
    private readonly WarmPool _warm;
    private readonly ResumeCounters _resumes;
    private readonly SessionCensus _census;

    public SessionPoolMetrics(IMeterFactory meterFactory, SandboxSlots slots, WarmPool warm, ResumeCounters resumes, SessionCensus census)
    {
        _slots = slots;
        _warm = warm;
        _resumes = resumes;
        _census = census;
        var meter = meterFactory.Create(AshMeter.Name);
        meter.CreateObservableGauge(Sessions, ObserveSessions, "{session}", "Stored sessions by status, every tenant's (counted periodically: Ash:Metrics:CensusInterval)");
        meter.CreateObservableGauge(LiveSandboxes, () => _slots.InUse, "{sandbox}", "Agent processes of sessions starting or alive on this server (live-sandbox slots in use)");
        meter.CreateObservableGauge(WarmSandboxes, () => _warm.Count, "{sandbox}", "Warm-pool sandboxes ready to be claimed on this server");
        meter.CreateObservableGauge(PoolSandboxes, ObservePool, "{sandbox}", "Sandboxes by state, as /health's pool counts them");
        meter.CreateObservableGauge(PoolMaxCapacity, () => _slots.Capacity, "{sandbox}", "The most agent processes at once (Ash:Sessions:MaxLiveSandboxes)");
        meter.CreateObservableCounter(Resumes, ObserveResumes, "{resume}", "Sessions brought back to a running agent since start-up, by path");
    }

    private IEnumerable<Measurement<int>> ObserveSessions()
    {
        if (!_census.IsKnown)
        {
            return [];
        }

        var measurements = new Measurement<int>[SessionCensus.Statuses.Length];
        for (var i = 0; i < measurements.Length; i++)
        {
            var status = SessionCensus.Statuses[i];
            measurements[i] = new Measurement<int>(_census.Count(status), new KeyValuePair<string, object?>(StatusTag, status.ToWire()));
        }

        return measurements;
    }

    private Measurement<int>[] ObservePool()
    {
        var held = _slots.Census();
        var cold = Math.Max(0, _census.Resumable - held.Total);
        return
        [
            new(cold, new KeyValuePair<string, object?>(StateTag, "cold")),
            new(held.Starting + _warm.Starting, new KeyValuePair<string, object?>(StateTag, "warming")),
            new(_warm.Count, new KeyValuePair<string, object?>(StateTag, "warm")),
            new(held.Waiting, new KeyValuePair<string, object?>(StateTag, "waiting")),
            new(held.Running, new KeyValuePair<string, object?>(StateTag, "running")),
        ];
    }

    private Measurement<long>[] ObserveResumes() =>
    [
        new(_resumes.Warm, new KeyValuePair<string, object?>(PathTag, "warm")),
        new(_resumes.Cold, new KeyValuePair<string, object?>(PathTag, "cold")),
        new(_warm.Hits, new KeyValuePair<string, object?>(PathTag, "prewarm")),
    ];
}
