using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions;
using Ash.Core.Tests.Sessions.Fakes;

namespace Ash.Core.Tests.Agents.Deploy;

/// <summary>
/// A deploy parses the agent's <c>ash.json</c> once, in the copy it keeps, and stores the parsed config with the version
/// (issue 16): what sessions of that version run with, whatever the file on disk says later, and what a rollback returns to.
/// </summary>
public sealed class AgentDeployTests
{
    private const string Tenant = SessionCoreBed.Tenant;

    private static readonly AgentConfig HalfGigabyte = AgentConfig.Default with
    {
        Limits = new ResourceLimits(MemoryBytes: 512 * ResourceLimits.MiB),
        Turns = new AgentTurnLimits(TimeSpan.FromSeconds(90), null, null, 500),
    };

    /// <summary>An agent folder to deploy from, in the bed's directory (removed with it).</summary>
    private static string Folder(SessionCoreBed bed, string? ashJson)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(bed.AgentsDirectory)!, "source-" + Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(folder, AgentFolder.InstructionsFile), "# agent\n");
        if (ashJson is not null)
        {
            File.WriteAllText(Path.Combine(folder, AgentConfig.FileName), ashJson);
        }

        return folder;
    }

    private static async Task<Agent> DeployAsync(SessionCoreBed bed, string name, string? ashJson)
    {
        var deployed = await bed.Deploy.DeployAsync(Tenant, new AgentDeployment(name, Folder(bed, ashJson), null, null, null), CancellationToken.None);
        Assert.True(deployed.IsSuccess, deployed.IsSuccess ? null : deployed.Error.Message);
        return deployed.Value;
    }

    private static async Task<SandboxSpec> SpecOfNewSessionAsync(SessionCoreBed bed, string name)
    {
        var index = bed.Host.Started.Count;
        var created = await bed.Service.CreateAsync(Tenant, name, SessionOptions.Empty, CancellationToken.None);
        Assert.True(created.IsSuccess, created.IsSuccess ? null : created.Error.Message);
        await bed.ProcessAsync(index);
        return bed.Host.Specs[index];
    }

    /// <summary>Overwrites the kept content's ash.json, as nothing but a test would: a parse of it would now fail.</summary>
    private static void SpoilAshJson(Agent agent) => File.WriteAllText(Path.Combine(agent.Path, AgentConfig.FileName), "{ not json");

    [Fact]
    public async Task Deploy_ParsesAshJson_AndStoresTheConfigWithTheVersion()
    {
        await using var bed = await SessionCoreBed.StartAsync();

        var agent = await DeployAsync(bed, "parsed", """{ "limits": { "memoryMb": 512 }, "turns": { "timeoutSeconds": 90, "maxOutputEvents": 500 } }""");

        Assert.Equal(HalfGigabyte, agent.Config);
        Assert.Equal(HalfGigabyte, (await bed.Agents.GetAsync(Tenant, "parsed", CancellationToken.None))!.Config);
        Assert.Equal(HalfGigabyte, (await bed.Agents.FindVersionAsync(Tenant, "parsed", 1, null, CancellationToken.None))!.Config);
    }

    [Fact]
    public async Task Deploy_WithoutAshJson_StoresTheDefaultConfig()
    {
        await using var bed = await SessionCoreBed.StartAsync();

        var agent = await DeployAsync(bed, "plain", ashJson: null);

        Assert.Equal(AgentConfig.Default, agent.Config);
    }

    [Theory]
    [InlineData("""{ "limits": { "memoryMb": 1 } }""", "'limits.memoryMb' must be a whole number of MiB from 256")]
    [InlineData("""{ "limit": {} }""", "unknown key 'limit'")]
    [InlineData("""{ "warmPool": """, "is not valid JSON")]
    public async Task Deploy_InvalidAshJson_IsAClearError_AndStoresAndKeepsNothing(string ashJson, string problem)
    {
        await using var bed = await SessionCoreBed.StartAsync();

        var deployed = await bed.Deploy.DeployAsync(Tenant, new AgentDeployment("broken", Folder(bed, ashJson), null, null, null), CancellationToken.None);

        Assert.False(deployed.IsSuccess);
        Assert.Equal("invalid_agent_config", deployed.Error.Code);
        Assert.StartsWith("ash.json ", deployed.Error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, deployed.Error.Message, StringComparison.Ordinal);
        Assert.Null(await bed.Agents.GetAsync(Tenant, "broken", CancellationToken.None));
        var kept = Path.Combine(bed.AgentsDirectory, Tenant, "broken");
        Assert.Empty(Directory.Exists(kept) ? Directory.EnumerateFileSystemEntries(kept) : []);
    }

    [Fact]
    public async Task Deploy_FullNetworkTheServerDoesNotAllow_IsRefusedAtDeploy()
    {
        await using var bed = await SessionCoreBed.StartAsync();

        var deployed = await bed.Deploy.DeployAsync(Tenant, new AgentDeployment("open", Folder(bed, """{ "network": { "mode": "full" } }"""), null, null, null), CancellationToken.None);

        Assert.Equal("network_not_allowed", deployed.Error?.Code);
    }

    [Fact]
    public async Task ASession_RunsTheStoredConfig_NotWhatTheFileSaysNow()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var agent = await DeployAsync(bed, "stored", """{ "limits": { "memoryMb": 512 }, "turns": { "timeoutSeconds": 90, "maxOutputEvents": 500 } }""");
        SpoilAshJson(agent);

        var spec = await SpecOfNewSessionAsync(bed, "stored");

        Assert.Equal(HalfGigabyte, spec.Config);
    }

    [Fact]
    public async Task Rollback_ToAnOlderVersion_RunsThatVersionsStoredConfig()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        var first = await DeployAsync(bed, "rolled", """{ "limits": { "memoryMb": 512 }, "turns": { "timeoutSeconds": 90, "maxOutputEvents": 500 } }""");
        var second = await DeployAsync(bed, "rolled", """{ "limits": { "memoryMb": 1024 } }""");
        Assert.Equal(2, second.Version);
        SpoilAshJson(first);

        var rolledBack = await bed.Versions.ActivateAsync(Tenant, "rolled", "1", CancellationToken.None);

        Assert.True(rolledBack.IsSuccess, rolledBack.IsSuccess ? null : rolledBack.Error.Message);
        Assert.Equal((1, HalfGigabyte), (rolledBack.Value.Version, rolledBack.Value.Config));
        Assert.Equal(HalfGigabyte, (await SpecOfNewSessionAsync(bed, "rolled")).Config);
    }

    [Fact]
    public async Task AChangeOfTheContent_StoresTheNewVersionsConfig()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        await DeployAsync(bed, "changed", """{ "limits": { "memoryMb": 512 } }""");

        var changed = await bed.Deploy.ChangeAsync(
            Tenant,
            "changed",
            copy =>
            {
                File.WriteAllText(Path.Combine(copy, AgentConfig.FileName), """{ "warmPool": 0, "limits": { "memoryMb": 768 } }""");
                return null;
            },
            env: null,
            CancellationToken.None);

        Assert.True(changed.IsSuccess, changed.IsSuccess ? null : changed.Error.Message);
        Assert.Equal(2, changed.Value.Version);
        Assert.Equal(768 * ResourceLimits.MiB, changed.Value.Config?.Limits.MemoryBytes);
    }

    [Fact]
    public async Task AVersionStoredBeforeConfigsWere_ReadsItsFolder_AndTheStartUpPassStoresIt()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        await DeployAsync(bed, "legacy", """{ "limits": { "memoryMb": 512 }, "turns": { "timeoutSeconds": 90, "maxOutputEvents": 500 } }""");
        await bed.ExecuteSqlAsync("UPDATE agent_versions SET config = NULL WHERE agent_name = 'legacy'");
        Assert.Null((await bed.Agents.GetAsync(Tenant, "legacy", CancellationToken.None))!.Config);

        Assert.Equal(HalfGigabyte, (await SpecOfNewSessionAsync(bed, "legacy")).Config);

        Assert.Equal(1, await bed.Agents.FillMissingConfigAsync(AgentVersionConfig.FromFolder, CancellationToken.None));
        Assert.Equal(HalfGigabyte, (await bed.Agents.GetAsync(Tenant, "legacy", CancellationToken.None))!.Config);
    }
}
