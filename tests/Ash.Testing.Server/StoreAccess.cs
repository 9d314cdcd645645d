using Ash.Core.Queue;
using Ash.Core.Sessions.Lifecycle;
using Ash.Storage.Postgres;
using Ash.Storage.Sqlite;

namespace Ash.Testing.Server;

/// <summary>Direct access to a stopped server's database, to set up the state a crash leaves behind.</summary>
public sealed class StoreAccess : IAsyncDisposable
{
    private readonly IAsyncDisposable _database;

    private StoreAccess(IAsyncDisposable database, ILifecycleStore lifecycle, IQueueStore queue, Func<string, Task> executeSql)
    {
        Queue = queue;
        _database = database;
        Lifecycle = lifecycle;
        ExecuteSqlAsync = executeSql;
    }

    /// <summary>Runs SQL straight on the database, to leave rows as an earlier version wrote them.</summary>
    public Func<string, Task> ExecuteSqlAsync { get; }

    public ILifecycleStore Lifecycle { get; }

    public IQueueStore Queue { get; }

    /// <param name="database">The server's <c>--database</c> value; null means SQLite in the data directory.</param>
    public static async Task<StoreAccess> OpenAsync(string dataDirectory, string? database)
    {
        if (database is not null)
        {
            var postgres = await PostgresDatabase.OpenAsync(database, CancellationToken.None);
            return new StoreAccess(postgres, new PostgresLifecycleStore(postgres), new PostgresQueueStore(postgres), sql => postgres.WriteAsync(async (connection, transaction, token) =>
            {
                await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
                await command.ExecuteNonQueryAsync(token);
            }, CancellationToken.None));
        }

        var sqlite = await SqliteDatabase.OpenAsync(Path.Combine(dataDirectory, "ash.db"), fullSync: false, CancellationToken.None);
        return new StoreAccess(sqlite, new SqliteLifecycleStore(sqlite), new SqliteQueueStore(sqlite), sql => sqlite.WriteAsync(async (connection, transaction, token) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(token);
        }, CancellationToken.None));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
