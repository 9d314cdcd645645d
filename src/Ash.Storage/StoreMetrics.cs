using System.Diagnostics.Metrics;
using Ash.Core.Metrics;

namespace Ash.Storage;

/// <summary>
/// Database latency (issue 14): one observation per store call, a read (from opening its connection to
/// closing it) or a write transaction (from asking for the writer to the commit), so a write's wait
/// for the lock is in it.
/// </summary>
public sealed class StoreMetrics
{
    public const string CommandDuration = "db_command_duration_seconds";

    /// <summary>Tag <c>db</c>: sqlite or postgres.</summary>
    public const string DatabaseTag = "db";

    /// <summary>Tag <c>kind</c>: read or write.</summary>
    public const string KindTag = "kind";

    private readonly Histogram<double> _duration;
    private readonly KeyValuePair<string, object?> _database;

    public StoreMetrics(IMeterFactory meterFactory, string database)
    {
        _database = new KeyValuePair<string, object?>(DatabaseTag, database);
        _duration = meterFactory.Create(AshMeter.Name).CreateHistogram(
            CommandDuration, "s", "A store call's time in the database, by database and kind (read, or a write transaction)", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.FastBuckets });
    }

    public void Read(TimeSpan duration) => _duration.Record(duration.TotalSeconds, _database, new KeyValuePair<string, object?>(KindTag, "read"));

    public void Wrote(TimeSpan duration) => _duration.Record(duration.TotalSeconds, _database, new KeyValuePair<string, object?>(KindTag, "write"));
}
