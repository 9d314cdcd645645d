using Ash.Core.Agents;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class AgentStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    /// <summary>Marks the agent's env as an earlier version left it: plaintext. (1 = 0) is false in both SQLite and PostgreSQL.</summary>
    private const string PlaintextAsBefore =
        "UPDATE agents SET env_sealed = (1 = 0) WHERE name = 'legacy'; UPDATE agent_versions SET env_sealed = (1 = 0) WHERE agent_name = 'legacy'";

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_NewAgent_StoresVersionOne()
    {
        var agent = await Stores.Agents.UpsertAsync("t1", "helper", "/agents/helper", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "1" }, "model-a", Token);

        Assert.Equal(1, agent.Version);
        Assert.Equal("helper", agent.Name);
        Assert.Equal("t1", agent.TenantId);
        Assert.Equal("/agents/helper", agent.Path);
        Assert.Equal("1", agent.Env["A"]);
        Assert.Equal("model-a", agent.Model);
        Assert.True(Guid.TryParse(agent.Id, out _));
        var stored = await Stores.Agents.GetAsync("t1", "helper", Token);
        Assert.NotNull(stored);
        Assert.Equal(agent.Id, stored.Id);
        Assert.Equal(agent.CreatedAt, stored.CreatedAt);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_ExistingAgent_BumpsVersionAndReplacesPathAndEnv()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/v1", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "1" }, "model-a", Token);

        var second = await Stores.Agents.UpsertAsync("t1", "helper", "/v2", AgentConfig.Default, new Dictionary<string, string> { ["B"] = "2" }, null, Token);

        Assert.Equal(2, second.Version);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal("/v2", second.Path);
        Assert.Equal(["B"], second.Env.Keys);
        Assert.Equal("model-a", second.Model);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_WithoutEnv_KeepsStoredEnv()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/v1", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "1" }, null, Token);

        var second = await Stores.Agents.UpsertAsync("t1", "helper", "/v2", AgentConfig.Default, null, "model-b", Token);

        Assert.Equal(2, second.Version);
        Assert.Equal("1", second.Env["A"]);
        Assert.Equal("model-b", second.Model);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_OtherTenant_ReturnsNull()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/v1", AgentConfig.Default, null, null, Token);

        Assert.Null(await Stores.Agents.GetAsync("t2", "helper", Token));
        Assert.Null(await Stores.Agents.GetAsync("t1", "missing", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_Tenant_ReturnsOnlyItsAgentsByName()
    {
        await Stores.Agents.UpsertAsync("t1", "zeta", "/z", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "alpha", "/a", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t2", "beta", "/b", AgentConfig.Default, null, null, Token);

        var agents = await Stores.Agents.ListAsync("t1", Token);

        Assert.Equal(["alpha", "zeta"], agents.Select(agent => agent.Name));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DeleteAsync_ExistingAgent_RemovesItOnce()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/v1", AgentConfig.Default, null, null, Token);

        Assert.True(await Stores.Agents.DeleteAsync("t1", "helper", Token));
        Assert.False(await Stores.Agents.DeleteAsync("t1", "helper", Token));
        Assert.Null(await Stores.Agents.GetAsync("t1", "helper", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_AfterDelete_StartsAgainAtVersionOne()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/v1", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "helper", "/v2", AgentConfig.Default, null, null, Token);
        await Stores.Agents.DeleteAsync("t1", "helper", Token);

        var again = await Stores.Agents.UpsertAsync("t1", "helper", "/v3", AgentConfig.Default, null, null, Token);

        Assert.Equal(1, again.Version);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task SealPlaintextEnvAsync_SealsOnlyRowsAnEarlierVersionStoredInPlaintext_Once()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "legacy", "/v1", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "plain-a", ["B"] = "plain-b" }, null, Token);
        await Stores.Agents.UpsertAsync("t1", "legacy", "/v2", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "plain-a2" }, null, Token);
        await Stores.Agents.UpsertAsync("t1", "current", "/v1", AgentConfig.Default, new Dictionary<string, string> { ["C"] = "sealed-already" }, null, Token);
        await Stores.ExecuteSqlAsync(PlaintextAsBefore);

        var sealedCount = await Stores.Agents.SealPlaintextEnvAsync(value => "sealed:" + value, Token);
        var again = await Stores.Agents.SealPlaintextEnvAsync(value => "twice:" + value, Token);

        // The agent's row and both of its versions' rows; none of them a second time.
        Assert.Equal(3, sealedCount);
        Assert.Equal(0, again);
        var legacy = (await Stores.Agents.GetAsync("t1", "legacy", Token))!;
        Assert.Equal("sealed:plain-a2", legacy.Env["A"]);
        Assert.Equal(2, legacy.Version);
        var older = (await Stores.Agents.GetAtVersionAsync("t1", "legacy", first.VersionId, Token))!;
        Assert.Equal("sealed:plain-a", older.Env["A"]);
        Assert.Equal("sealed:plain-b", older.Env["B"]);
        Assert.Equal("sealed-already", (await Stores.Agents.GetAsync("t1", "current", Token))!.Env["C"]);
    }
}
