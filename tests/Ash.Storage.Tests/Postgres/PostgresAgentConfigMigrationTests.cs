using Ash.Core.Agents;
using Ash.Storage.Postgres;
using Ash.Storage.Tests.Infrastructure;
using Ash.Testing.Postgres;

namespace Ash.Storage.Tests.Postgres;

/// <summary>Issue 16's migration: versions stored before the config column exist keep working, with no config until the start-up pass.</summary>
public sealed class PostgresAgentConfigMigrationTests
{
    private static readonly int ConfigVersion = PostgresSchema.Migrations.ToList().FindIndex(sql => sql.Contains("agent_versions ADD COLUMN config", StringComparison.Ordinal)) + 1;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Migration_VersionsFromBefore_HaveNoConfig_UntilTheStartUpPassStoresOne()
    {
        var server = await PostgresServer.SharedAsync().WaitAsync(TestTimeouts.Setup, Token);
        var url = await server.CreateDatabaseAsync("agentconfig", Token);
        await using (var database = await PostgresDatabase.OpenAsync(url, Token))
        {
            await new PostgresAgentStore(database, TimeProvider.System).UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, "model-a", Token);
        }

        // As a database of the version before left it: no config column, and its migration not applied.
        await PostgresSql.ExecuteAsync(url, $"ALTER TABLE agent_versions DROP COLUMN config; DELETE FROM schema_migrations WHERE version = {ConfigVersion};", Token);

        await using var reopened = await PostgresDatabase.OpenAsync(url, Token);
        var store = new PostgresAgentStore(reopened, TimeProvider.System);
        var before = await store.GetAsync("t1", "helper", Token);
        var filled = await store.FillMissingConfigAsync(_ => AgentConfig.Default with { WarmPool = 2 }, Token);

        Assert.Equal(("/c1", "model-a", null), (before!.Path, before.Model, before.Config));
        Assert.Equal(1, filled);
        Assert.Equal(2, (await store.GetAsync("t1", "helper", Token))!.Config?.WarmPool);
    }
}
