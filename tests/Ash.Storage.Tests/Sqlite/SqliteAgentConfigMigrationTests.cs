using Ash.Core.Agents;
using Ash.Storage.Sqlite;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Sqlite;

/// <summary>Issue 16's migration: versions stored before the config column exist keep working, with no config until the start-up pass.</summary>
public sealed class SqliteAgentConfigMigrationTests : IAsyncDisposable
{
    private static readonly int ConfigVersion = SqliteSchema.Migrations.ToList().FindIndex(sql => sql.Contains("agent_versions ADD COLUMN config", StringComparison.Ordinal)) + 1;

    private readonly SqliteScratchFile _file = new("ash-sqlite-agent-config-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Migration_VersionsFromBefore_HaveNoConfig_UntilTheStartUpPassStoresOne()
    {
        await using (var database = await _file.OpenAsync(Token))
        {
            await new SqliteAgentStore(database, TimeProvider.System).UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, "model-a", Token);
        }

        // As a database of the version before left it: no config column, and its migration not applied.
        await _file.ExecuteAsync($"ALTER TABLE agent_versions DROP COLUMN config; DELETE FROM schema_migrations WHERE version = {ConfigVersion};", Token);

        await using var reopened = await _file.OpenAsync(Token);
        var store = new SqliteAgentStore(reopened, TimeProvider.System);
        var before = await store.GetAsync("t1", "helper", Token);
        var filled = await store.FillMissingConfigAsync(_ => AgentConfig.Default with { WarmPool = 2 }, Token);

        Assert.Equal(("/c1", "model-a", null), (before!.Path, before.Model, before.Config));
        Assert.Equal(1, filled);
        Assert.Equal(2, (await store.GetAsync("t1", "helper", Token))!.Config?.WarmPool);
    }
}
