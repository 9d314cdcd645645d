using System.Net;
using System.Net.Sockets;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Storage.Postgres;
using Ash.Storage.Tests.Infrastructure;
using Ash.Testing.Postgres;
using Npgsql;

namespace Ash.Storage.Tests.Postgres;

public sealed class PostgresDatabaseTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task OpenAsync_ConcurrentStarters_ApplyEachMigrationOnce()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TestTimeouts.Setup, Token);
        var url = await server.CreateDatabaseAsync("migrate", Token);

        var databases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostgresDatabase.OpenAsync(url, Token)));
        foreach (var database in databases)
        {
            await database.DisposeAsync();
        }

        await using var reopened = await PostgresDatabase.OpenAsync(url, Token);
        await using var connection = new NpgsqlConnection(PostgresConnectionString.Parse(url).ConnectionString);
        await connection.OpenAsync(Token);
        await using var command = new NpgsqlCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(Token);
        var versions = new List<int>();
        while (await reader.ReadAsync(Token))
        {
            versions.Add(reader.GetInt32(0));
        }

        Assert.Equal(Enumerable.Range(1, PostgresSchema.Migrations.Count), versions);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task OpenAsync_NothingListening_ThrowsStoreUnavailable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await Assert.ThrowsAsync<StoreUnavailableException>(() => PostgresDatabase.OpenAsync($"postgres://ash@127.0.0.1:{port}/none", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AppendAsync_SameBatchTwice_StoresItOnce()
    {
        // What a retry after a lost commit acknowledgement does.
        await using var database = await OpenFreshAsync();
        var log = new PostgresEventLog(database);
        var session = Guid.NewGuid();
        SessionEvent[] batch = [new(session, "t", 1, 1, EventTypes.TextDelta, "{}"u8.ToArray(), T0), new(session, "t", 2, 1, EventTypes.Done, null, T0)];

        await log.AppendAsync(batch, Token);
        await log.AppendAsync(batch, Token);

        Assert.Equal(batch, await log.ReadAsync(session, 0, 10, null, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task InsertAsync_SameSessionTwice_StoresItOnce()
    {
        await using var database = await OpenFreshAsync();
        var sessions = new PostgresSessionStore(database);
        var session = new Session(Guid.NewGuid(), "t", "agent", "sandbox", SessionStatus.Starting, null, null, T0, T0, SessionOptions.Empty);

        await sessions.InsertAsync(session, Token);
        await sessions.InsertAsync(session, Token);

        Assert.Equal(1, await sessions.CountByStatusAsync(SessionStatus.Starting, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task InsertAsync_IdTakenByAnotherSession_Throws()
    {
        await using var database = await OpenFreshAsync();
        var sessions = new PostgresSessionStore(database);
        var session = new Session(Guid.NewGuid(), "t", "agent", "sandbox", SessionStatus.Starting, null, null, T0, T0, SessionOptions.Empty);
        await sessions.InsertAsync(session, Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => sessions.InsertAsync(session with { AgentName = "other" }, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_SubMicrosecondTimes_RoundTripToTheMicrosecond()
    {
        await using var database = await OpenFreshAsync();
        var sessions = new PostgresSessionStore(database);
        var created = T0.AddTicks(12_345_677).ToOffset(TimeSpan.FromHours(2));
        var session = new Session(Guid.NewGuid(), "t", "agent", "sandbox", SessionStatus.Active, null, null, created, created, SessionOptions.Empty);

        await sessions.InsertAsync(session, Token);
        var stored = await sessions.GetAsync(session.Id, Token);

        Assert.NotNull(stored);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
        Assert.Equal(created.UtcTicks / 10, stored.CreatedAt.UtcTicks / 10);
    }

    private static async Task<PostgresDatabase> OpenFreshAsync()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TestTimeouts.Setup, Token);
        return await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync("database", Token), Token);
    }
}
