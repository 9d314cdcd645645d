using Ash.Storage.Sqlite;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Sqlite;

/// <summary>Issue 13's migration: message rows stored before it are rewrapped in Ash's shapes, once.</summary>
public sealed class SqliteHistoryMigrationTests : IAsyncDisposable
{
    /// <summary>The migration's version in <c>SqliteSchema.Migrations</c> (1-based).</summary>
    private const int HistoryShapesVersion = 6;

    private readonly SqliteScratchFile _file = new("ash-sqlite-history-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Migration_OldRows_AreRewrappedAsAshRows()
    {
        var session = Guid.NewGuid();
        await (await _file.OpenAsync(Token)).DisposeAsync();
        await _file.ExecuteAsync(
            $$"""
            INSERT INTO messages (id, session_id, tenant_id, role, content, sequence, created_at) VALUES
              ('{{Guid.NewGuid()}}', '{{session}}', 't', 'user', '"hello"', 1, '2026-01-01T00:00:00.0000000Z'),
              ('{{Guid.NewGuid()}}', '{{session}}', 't', 'assistant', '{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}]}', 2, '2026-01-01T00:00:01.0000000Z'),
              ('{{Guid.NewGuid()}}', '{{session}}', 't', 'user', '[{"type":"text","text":"blocks"}]', 3, '2026-01-01T00:00:02.0000000Z');
            DELETE FROM schema_migrations WHERE version = {{HistoryShapesVersion}};
            """,
            Token);

        await using (var database = await _file.OpenAsync(Token))
        {
            var rows = await new SqliteMessageStore(database, TimeProvider.System).ListAsync(session, 0, 10, Token);

            Assert.Equal(
                [
                    """{"type":"user","content":"hello"}""",
                    """{"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"hi"}]}}""",
                    """{"type":"user","content":[{"type":"text","text":"blocks"}]}""",
                ],
                rows.Select(row => row.Content));
        }

        // Opened again, the migration is not applied twice.
        await using var reopened = await _file.OpenAsync(Token);
        Assert.Equal("""{"type":"user","content":"hello"}""", (await new SqliteMessageStore(reopened, TimeProvider.System).ListAsync(session, 0, 1, Token))[0].Content);
    }
}
