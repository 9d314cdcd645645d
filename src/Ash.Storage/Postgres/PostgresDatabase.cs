using Ash.Core.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Ash.Storage.Postgres;

/// <summary>
/// One PostgreSQL database behind a pooled <see cref="NpgsqlDataSource"/>. Every store call runs as one
/// attempt (a read, or a write in one transaction) that is retried on transient failures — a restart,
/// a dropped connection, "the database system is starting up" — with backoff for up to
/// <see cref="RetryBudget"/>, then fails with <see cref="StoreUnavailableException"/>. A retried write may
/// follow one that committed but whose acknowledgement was lost, so stores make every write idempotent:
/// ids and times are fixed before the first attempt and inserts tolerate finding their own row.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    /// <summary>Long enough to ride out a fast restart, short enough for a client to see a clean 503.</summary>
    internal static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(1);

    // Advisory locks taken with one bigint key and with two int keys live in separate spaces.
    private const long MigrationLock = 0x4153_485F_4D49_4752; // "ASH_MIGR"

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private StoreMetrics? _metrics;

    private PostgresDatabase(NpgsqlDataSource dataSource, ILogger logger, TimeProvider time)
    {
        _dataSource = dataSource;
        _logger = logger;
        _time = time;
    }

    /// <summary>
    /// Connects to <paramref name="connection"/> (a <c>postgres://</c> URL or an Npgsql connection string)
    /// and brings the schema up to date.
    /// </summary>
    public static Task<PostgresDatabase> OpenAsync(string connection, CancellationToken cancellationToken) =>
        OpenAsync(connection, NullLogger.Instance, DefaultLockTimeout, cancellationToken);

    /// <param name="lockTimeout">How long a statement waits for a lock another session holds (PostgreSQL's <c>lock_timeout</c>) before the write fails with <see cref="StoreBusyException"/>.</param>
    public static Task<PostgresDatabase> OpenAsync(string connection, TimeSpan lockTimeout, CancellationToken cancellationToken) =>
        OpenAsync(connection, NullLogger.Instance, lockTimeout, cancellationToken);

    public static Task<PostgresDatabase> OpenAsync(string connection, ILogger logger, CancellationToken cancellationToken) =>
        OpenAsync(connection, logger, DefaultLockTimeout, cancellationToken);

    private static async Task<PostgresDatabase> OpenAsync(string connection, ILogger logger, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Parse(connection);
        var milliseconds = ((long)lockTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // A startup parameter, so it is the session's default: Npgsql resets a pooled connection (DISCARD ALL)
        // when it is returned, which would undo a SET. Behind PgBouncer, add "options" to its
        // ignore_startup_parameters (docs/operations.md, "Configuration").
        builder.Options = string.IsNullOrEmpty(builder.Options) ? $"-c lock_timeout={milliseconds}" : $"{builder.Options} -c lock_timeout={milliseconds}";
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        var database = new PostgresDatabase(dataSource, logger, TimeProvider.System);
        try
        {
            await database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Times every store call from now on (the database opens before the host that owns the meters is built).</summary>
    public void MeasureWith(StoreMetrics metrics) => Volatile.Write(ref _metrics, metrics);

    /// <summary>Runs <paramref name="work"/> on a pooled connection, retrying transient failures.</summary>
    internal Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        MeasureAsync(() => RetryAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            return await work(connection, token);
        }, cancellationToken), write: false);

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it, retrying transient failures from the
    /// start; <paramref name="work"/> must therefore be idempotent.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        MeasureAsync(() => RetryAsync(async token =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(token);
            await using var transaction = await connection.BeginTransactionAsync(token);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken), write: true);

    /// <summary>The store call's whole time, its retries included: what its caller waited.</summary>
    private async Task<T> MeasureAsync<T>(Func<Task<T>> call, bool write)
    {
        if (Volatile.Read(ref _metrics) is not { } metrics)
        {
            return await call();
        }

        var started = _time.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            if (write)
            {
                metrics.Wrote(_time.GetElapsedTime(started));
            }
            else
            {
                metrics.Read(_time.GetElapsedTime(started));
            }
        }
    }

    internal Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (connection, transaction, token) =>
        {
            await work(connection, transaction, token);
            return true;
        }, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var delay = FirstDelay;
        for (var attempts = 1; ; attempts++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.DiskFull)
            {
                throw new StoreFullException("The disk under the database is full; nothing was changed. Free space and retry", exception);
            }
            catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw new StoreBusyException("The database stayed locked by another session past its lock timeout; nothing was changed, retry shortly", exception);
            }
            catch (Exception exception) when (TransientFailures.IsTransient(exception) && !cancellationToken.IsCancellationRequested)
            {
                // After a restart every idle pooled connection is dead; drop them all at once rather than
                // discovering them one failed attempt at a time.
                _dataSource.Clear();
                var elapsed = _time.GetElapsedTime(started);
                if (elapsed + delay > RetryBudget)
                {
                    LogUnavailable(_logger, attempts, elapsed.TotalSeconds, exception);
                    throw new StoreUnavailableException(
                        $"PostgreSQL did not answer after {attempts} attempts in {elapsed.TotalSeconds:0.0} s: {exception.Message}", exception);
                }

                LogRetrying(_logger, attempts, delay.TotalMilliseconds, exception.Message);
                await Task.Delay(delay, _time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
        }
    }

    private Task MigrateAsync(CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            // Servers starting together wait for each other's migrations, however long they take.
            await using (var command = new NpgsqlCommand("SET LOCAL lock_timeout = 0", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(token);
            }

            // Serializes servers starting together against one database; released at commit.
            await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
            {
                command.Parameters.AddWithValue("key", MigrationLock);
                await command.ExecuteNonQueryAsync(token);
            }

            await using (var command = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL)", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(token);
            }

            var applied = new HashSet<int>();
            await using (var command = new NpgsqlCommand("SELECT version FROM schema_migrations", connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(token))
            {
                while (await reader.ReadAsync(token))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            for (var version = 1; version <= PostgresSchema.Migrations.Count; version++)
            {
                if (applied.Contains(version))
                {
                    continue;
                }

                await using (var migrate = new NpgsqlCommand(PostgresSchema.Migrations[version - 1], connection, transaction))
                {
                    await migrate.ExecuteNonQueryAsync(token);
                }

                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, now())", connection, transaction);
                record.Parameters.AddWithValue("version", version);
                await record.ExecuteNonQueryAsync(token);
            }
        }, cancellationToken);

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "PostgreSQL attempt {Attempt} failed transiently; retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetrying(ILogger logger, int attempt, double delayMs, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "PostgreSQL unavailable after {Attempts} attempts in {Seconds} s")]
    private static partial void LogUnavailable(ILogger logger, int attempts, double seconds, Exception exception);
}
