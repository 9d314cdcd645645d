using System.Globalization;
using Ash.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. Writes go through a single long-lived connection, one at a time,
/// each in an immediate transaction, so writers never meet "database is locked"; reads use pooled
/// connections and run alongside writes (WAL readers do not block the writer).
/// synchronous=NORMAL: a committed write survives a crash of the server process (kill -9); only an
/// OS crash or power loss can lose the last commits. Set <c>FullSync</c> to trade speed for that.
/// A write waits at most <see cref="DefaultBusyTimeout"/> (or the given timeout) for the write lock — held by
/// another process, or by the writers queued ahead — and then fails with <see cref="StoreBusyException"/>;
/// a write the disk has no room for fails with <see cref="StoreFullException"/> (issue 12: never a 500).
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>SQLite's own wait per attempt; Microsoft.Data.Sqlite retries a busy statement until the command timeout.</summary>
    private const int BusyWaitPerAttemptMs = 200;

    /// <summary>The write-ahead log is cut back to this after a checkpoint: a burst of writes must not leave a file of its size behind.</summary>
    private const long WalSizeLimitBytes = 64L * 1024 * 1024;

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteFull = 13;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly TimeSpan _busyTimeout;
    private StoreMetrics? _metrics;

    private SqliteDatabase(string connectionString, SqliteConnection writer, TimeSpan busyTimeout)
    {
        _connectionString = connectionString;
        _writer = writer;
        _busyTimeout = busyTimeout;
    }

    public static Task<SqliteDatabase> OpenAsync(string path, bool fullSync, CancellationToken cancellationToken) =>
        OpenAsync(path, fullSync, DefaultBusyTimeout, cancellationToken);

    public static async Task<SqliteDatabase> OpenAsync(string path, bool fullSync, TimeSpan busyTimeout, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds)),
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken);
        await ExecuteAsync(writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout={BusyWaitPerAttemptMs.ToString(CultureInfo.InvariantCulture)}; PRAGMA journal_size_limit={WalSizeLimitBytes.ToString(CultureInfo.InvariantCulture)}; PRAGMA foreign_keys=OFF;", cancellationToken);
        var database = new SqliteDatabase(connectionString, writer, busyTimeout);
        await database.MigrateAsync(cancellationToken);
        return database;
    }

    /// <summary>Times every store call from now on (the database opens before the host that owns the meters is built).</summary>
    public void MeasureWith(StoreMetrics metrics) => Volatile.Write(ref _metrics, metrics);

    /// <summary>Runs <paramref name="work"/> inside an immediate transaction on the writer connection.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var metrics = Volatile.Read(ref _metrics);
        var started = metrics is null ? 0 : TimeProvider.System.GetTimestamp();

        // Queued writers wait no longer than one busy timeout either: a lock held elsewhere must not pile up requests.
        if (!await _writeGate.WaitAsync(_busyTimeout, cancellationToken))
        {
            throw Busy(null);
        }

        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await work(_writer, transaction, cancellationToken);
            transaction.Commit();
            return result;
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            throw Busy(exception);
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteFull)
        {
            throw new StoreFullException("The disk under the database is full; nothing was changed. Free space and retry", exception);
        }
        finally
        {
            _writeGate.Release();
            metrics?.Wrote(TimeProvider.System.GetElapsedTime(started));
        }
    }

    private StoreBusyException Busy(Exception? inner) =>
        new(inner is null
            ? $"The database stayed busy for {_busyTimeout.TotalSeconds:0.#} s (writes queued ahead of this one); nothing was changed, retry shortly"
            : $"The database stayed locked for {_busyTimeout.TotalSeconds:0.#} s (another process holds its write lock); nothing was changed, retry shortly", inner);

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (connection, transaction, token) =>
        {
            await work(connection, transaction, token);
            return true;
        }, cancellationToken);

    /// <summary>Opens a pooled read connection; the caller disposes it (which ends the read's measurement).</summary>
    public async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = Volatile.Read(ref _metrics) is { } metrics ? new MeasuredSqliteConnection(_connectionString, metrics) : new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await _writer.DisposeAsync();
        }
        finally
        {
            _writeGate.Release();
        }

        SqliteConnection.ClearAllPools();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await ExecuteAsync(_writer, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);", cancellationToken);
        for (var version = 1; version <= SqliteSchema.Migrations.Count; version++)
        {
            var migration = SqliteSchema.Migrations[version - 1];
            var applied = version;
            await WriteAsync(async (connection, transaction, token) =>
            {
                using var check = connection.CreateCommand();
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
                check.Parameters.AddWithValue("$v", applied);
                if (Convert.ToInt64(await check.ExecuteScalarAsync(token), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return;
                }

                using var apply = connection.CreateCommand();
                apply.Transaction = transaction;
                apply.CommandText = migration;
                await apply.ExecuteNonQueryAsync(token);

                using var record = connection.CreateCommand();
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($v, $t)";
                record.Parameters.AddWithValue("$v", applied);
                record.Parameters.AddWithValue("$t", Timestamps.ToText(DateTimeOffset.UtcNow));
                await record.ExecuteNonQueryAsync(token);
            }, cancellationToken);
        }
    }
}
