using Microsoft.Data.Sqlite;

namespace Ash.Storage.Sqlite;

/// <summary>
/// One SQLite file in WAL mode. Writes go through a single long-lived connection, one at a time,
/// each in an immediate transaction, so writers never meet "database is locked"; reads use pooled
/// connections and run alongside writes (WAL readers do not block the writer).
/// synchronous=NORMAL: a committed write survives a crash of the server process (kill -9); only an
/// OS crash or power loss can lose the last commits. Set <c>FullSync</c> to trade speed for that.
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;

    private SqliteDatabase(string connectionString, SqliteConnection writer)
    {
        _connectionString = connectionString;
        _writer = writer;
    }

    public static async Task<SqliteDatabase> OpenAsync(string path, bool fullSync, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();

        var writer = new SqliteConnection(connectionString);
        await writer.OpenAsync(cancellationToken);
        await ExecuteAsync(writer, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={(fullSync ? "FULL" : "NORMAL")}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=OFF;", cancellationToken);
        var database = new SqliteDatabase(connectionString, writer);
        await database.MigrateAsync(cancellationToken);
        return database;
    }

    /// <summary>Runs <paramref name="work"/> inside an immediate transaction on the writer connection.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var result = await work(_writer, transaction, cancellationToken);
            transaction.Commit();
            return result;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (connection, transaction, token) =>
        {
            await work(connection, transaction, token);
            return true;
        }, cancellationToken);

    /// <summary>Opens a pooled read connection; the caller disposes it.</summary>
    public async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
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
