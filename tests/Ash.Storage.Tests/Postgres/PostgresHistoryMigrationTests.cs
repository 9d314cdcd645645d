using Ash.Storage.Postgres;
using Ash.Storage.Tests.Infrastructure;
using Ash.Testing.Postgres;

namespace Ash.Storage.Tests.Postgres;

/// <summary>Issue 13's migration: message rows stored before it are rewrapped in Ash's shapes, once.</summary>
public sealed class PostgresHistoryMigrationTests
{
    /// <summary>The migration's version in <c>PostgresSchema.Migrations</c> (1-based).</summary>
    private const int HistoryShapesVersion = 5;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Migration_OldRows_AreRewrappedAsAshRows()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TestTimeouts.Setup, Token);
        var url = await server.CreateDatabaseAsync("history", Token);
        var session = Guid.NewGuid();
        await (await PostgresDatabase.OpenAsync(url, Token)).DisposeAsync();
        await PostgresSql.ExecuteAsync(
            url,
            $$"""
            INSERT INTO messages (id, session_id, tenant_id, role, content, sequence, created_at) VALUES
              ('{{Guid.NewGuid()}}', '{{session}}', 't', 'user', '"hello"', 1, now()),
              ('{{Guid.NewGuid()}}', '{{session}}', 't', 'assistant', '{"id":"msg_1","content":[{"type":"text","text":"hi"}]}', 2, now());
            DELETE FROM schema_migrations WHERE version = {{HistoryShapesVersion}};
            """,
            Token);

        await using (var database = await PostgresDatabase.OpenAsync(url, Token))
        {
            var rows = await new PostgresMessageStore(database, TimeProvider.System).ListAsync(session, 0, 10, Token);

            Assert.Equal(
                ["""{"type":"user","content":"hello"}""", """{"type":"assistant","message":{"id":"msg_1","content":[{"type":"text","text":"hi"}]}}"""],
                rows.Select(row => row.Content));
        }

        await using var reopened = await PostgresDatabase.OpenAsync(url, Token);
        Assert.Equal("""{"type":"user","content":"hello"}""", (await new PostgresMessageStore(reopened, TimeProvider.System).ListAsync(session, 0, 1, Token))[0].Content);
    }
}
