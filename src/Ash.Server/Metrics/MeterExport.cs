using System.Diagnostics.Metrics;
using Ash.Core.Metrics;
using Prometheus;

namespace Ash.Server.Metrics;

/// <summary>
/// Publishes this host's Ash instruments to a Prometheus registry of its own through prometheus-net's meter
/// adapter. Only meters made by this host's <see cref="IMeterFactory"/> are taken (two servers in one process,
/// as in the tests, never mix), plus the runtime's own <c>System.Runtime</c> meter (GC, memory, CPU).
/// </summary>
/// <remarks>
/// The adapter publishes .NET counters as Prometheus gauges whose values only grow (docs/operations.md, "Metrics"). It drops
/// a series left unchanged for <see cref="MeterAdapterOptions.MetricsExpireAfter"/> and starts it again from 0 at
/// its next change. Every tag set here is closed, so nothing needs dropping: the expiry is the longest the
/// adapter accepts, a day. Observed instruments are renewed at every scrape; a counter idle for a day restarts,
/// which Prometheus reads as a counter reset (<c>rate</c> and <c>increase</c> handle it).
/// </remarks>
public sealed class MeterExport : IDisposable
{
    private const string RuntimeMeter = "System.Runtime";

    private static readonly TimeSpan LongestExpiry = TimeSpan.FromDays(1);

    private readonly IDisposable _adapter;

    public MeterExport(IMeterFactory meterFactory)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        _adapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = Registry,

            // Both: the factory defaults to the global registry's and, when set, wins over Registry.
            MetricFactory = Prometheus.Metrics.WithCustomRegistry(Registry),
            InstrumentFilterPredicate = instrument =>
                (instrument.Meter.Name == AshMeter.Name && ReferenceEquals(instrument.Meter.Scope, meterFactory))
                || instrument.Meter.Name == RuntimeMeter,
            ResolveHistogramBuckets = Buckets,
            MetricsExpireAfter = LongestExpiry,
        });
    }

    public CollectorRegistry Registry { get; }

    public void Dispose() => _adapter.Dispose();

    /// <summary>The buckets an instrument advises (each instruments class sets them), else the adapter's default.</summary>
    private static double[] Buckets(Instrument instrument) =>
        instrument is Histogram<double> { Advice.HistogramBucketBoundaries: { } boundaries }
            ? [.. boundaries]
            : MeterAdapterOptions.DefaultHistogramBuckets;
}
