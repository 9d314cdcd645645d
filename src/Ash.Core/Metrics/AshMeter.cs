namespace Ash.Core.Metrics;

/// <summary>
/// The one meter every Ash instrument is on. Each area's instruments class (<c>SessionMetrics</c>,
/// <c>LifecycleMetrics</c>, <c>ModelProxyMetrics</c>, …) asks the host's <see cref="System.Diagnostics.Metrics.IMeterFactory"/>
/// for it by this name and gets the same meter back. prometheus-net names an exported family
/// <c>&lt;meter&gt;_&lt;instrument&gt;</c> in lower case, so the instrument <c>turns_total</c> is <c>ash_turns_total</c>
/// (docs/operations.md, "Metrics"): instrument names are therefore written in Prometheus style, unit and <c>_total</c> included.
/// </summary>
public static class AshMeter
{
    public const string Name = "Ash";

    /// <summary>Seconds, for operations from a millisecond (a status flip) to minutes (a long turn).</summary>
    public static readonly IReadOnlyList<double> DurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    /// <summary>Seconds, for database calls and short requests: finer at the low end.</summary>
    public static readonly IReadOnlyList<double> FastBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
}
