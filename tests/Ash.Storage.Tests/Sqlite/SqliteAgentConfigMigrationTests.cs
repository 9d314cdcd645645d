using Ash.Core.Agents;
using Ash.Storage.Sqlite;
using Ash.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Ash.Storage.Tests.Sqlite;

/// <summary>Issue 16's migration: versions stored before the config column exist keep working, with no config until the start-up pass.</summary>
public sealed class SqliteAgentConfigMigrationTests : IAsyncDisposable
{
    private static readonly int ConfigVersion = SqliteSchema.Migrations.ToList().FindIndex(sql => sql.Contains("agent_versions ADD COLUMN config", StringComparison.Ordinal)) + 1;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ash-sqlite-agent-config-");

    private string File => Path.Combine(_directory.FullName, "ash.db");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Migration_VersionsFromBefore_HaveNoConfig_UntilTheStartUpPassStoresOne()
    {
        await using (var database = await SqliteDatabase.OpenAsync(File, fullSync: false, TimeSpan.FromSeconds(5), Token))
        {
            await new SqliteAgentStore(database, TimeProvider.System).UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, "model-a", Token);
        }

        // As a database of the version before left it: no config column, and its migration not applied.
        await ExecuteAsync($"ALTER TABLE agent_versions DROP COLUMN config; DELETE FROM schema_migrations WHERE version = {ConfigVersion};");

        await using var reopened = await SqliteDatabase.OpenAsync(File, fullSync: false, TimeSpan.FromSeconds(5), Token);
        var store = new SqliteAgentStore(reopened, TimeProvider.System);
        var before = await store.GetAsync("t1", "helper", Token);
        var filled = await store.FillMissingConfigAsync(_ => AgentConfig.Default with { WarmPool = 2 }, Token);

        Assert.Equal(("/c1", "model-a", null), (before!.Path, before.Model, before.Config));
        Assert.Equal(1, filled);
        Assert.Equal(2, (await store.GetAsync("t1", "helper", Token))!.Config?.WarmPool);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={File};Pooling=False");
        await connection.OpenAsync(Token);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Token);
    }
}
