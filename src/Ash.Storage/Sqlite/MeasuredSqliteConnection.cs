using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// A read connection that reports how long it was in use, from creation to disposal: every store reads
/// through <see cref="SqliteDatabase.OpenReadAsync"/> and disposes the connection when its read is done, so
/// this is the one place every read passes (issue 14, database latency).
/// </summary>
internal sealed class MeasuredSqliteConnection(string connectionString, StoreMetrics metrics) : SqliteConnection(connectionString)
{
    private readonly long _started = TimeProvider.System.GetTimestamp();
    private int _reported;

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _reported, 1) == 0)
        {
            metrics.Read(TimeProvider.System.GetElapsedTime(_started));
        }

        base.Dispose(disposing);
    }
}
