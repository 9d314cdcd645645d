using Ash.Core.Queue;
using Ash.Core.Sessions.Lifecycle;
using Ash.Storage.Postgres;
using Ash.Storage.Sqlite;

namespace Ash.Server.Tests.Infrastructure;

/// <summary>Direct access to a stopped server's database, to set up the state a crash leaves behind.</summary>
public sealed class StoreAccess : IAsyncDisposable
{
    private readonly IAsyncDisposable _database;

    private StoreAccess(IAsyncDisposable database, ILifecycleStore lifecycle, IQueueStore queue)
    {
        _database = database;
        Lifecycle = lifecycle;
        Queue = queue;
    }

    public ILifecycleStore Lifecycle { get; }

    public IQueueStore Queue { get; }

    /// <param name="database">The server's <c>--database</c> value; null means SQLite in the data directory.</param>
    public static async Task<StoreAccess> OpenAsync(string dataDirectory, string? database)
    {
        if (database is not null)
        {
            var postgres = await PostgresDatabase.OpenAsync(database, CancellationToken.None);
            return new StoreAccess(postgres, new PostgresLifecycleStore(postgres), new PostgresQueueStore(postgres));
        }

        var sqlite = await SqliteDatabase.OpenAsync(Path.Combine(dataDirectory, "ash.db"), fullSync: false, CancellationToken.None);
        return new StoreAccess(sqlite, new SqliteLifecycleStore(sqlite), new SqliteQueueStore(sqlite));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}
