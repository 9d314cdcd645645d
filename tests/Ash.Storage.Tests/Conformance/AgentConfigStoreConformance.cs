using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

/// <summary>
/// An agent version's parsed <c>ash.json</c> (issue 16) is stored with the version and read back with it by every read,
/// copied to versions made from it, and absent (null) only for versions stored before configs were.
/// </summary>
public abstract class AgentConfigStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    /// <summary>Every part set, so a part the store drops or rounds shows.</summary>
    private static readonly AgentConfig Full = new(
        new ResourceLimits(768 * ResourceLimits.MiB, 300, 1.25, 4096 * ResourceLimits.MiB, 250_000),
        new NetworkPolicy(NetworkMode.Allowlist, ["api.github.com", "*.pypi.org:443"]),
        3)
    {
        Turns = new AgentTurnLimits(TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(45), 64 * ResourceLimits.MiB, 20_000),
    };

    private static readonly AgentConfig Small = AgentConfig.Default with { Limits = new ResourceLimits(MemoryBytes: 256 * ResourceLimits.MiB) };

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Upsert_StoresTheConfig_AndEveryReadReturnsIt()
    {
        var agent = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", Full, null, null, Token);

        Assert.Equal(Full, agent.Config);
        Assert.Equal(Full, (await Stores.Agents.GetAsync("t1", "helper", Token))!.Config);
        Assert.Equal(Full, (await Stores.Agents.GetAtVersionAsync("t1", "helper", agent.VersionId, Token))!.Config);
        Assert.Equal(Full, Assert.Single(await Stores.Agents.ListAsync("t1", Token)).Config);
        Assert.Equal(Full, (await Stores.Agents.FindVersionAsync("t1", "helper", 1, null, Token))!.Config);
        Assert.Equal(Full, Assert.Single(await Stores.Agents.ListVersionsAsync("t1", "helper", Token)).Config);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task TheDefaultConfig_IsStored_AsAConfig()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);

        Assert.Equal(AgentConfig.Default, (await Stores.Agents.GetAsync("t1", "helper", Token))!.Config);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ANewVersion_HasItsOwnConfig_AndActivatingAnOlderOne_ReturnsThatOnesConfig()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", Full, null, null, Token);
        var second = await Stores.Agents.UpsertAsync("t1", "helper", "/c2", Small, null, null, Token);
        var revised = await Stores.Agents.ReviseAsync("t1", "helper", second.Version, "/c3", AgentConfig.Default, new Dictionary<string, string>(), Token);

        var rolledBack = await Stores.Agents.ActivateVersionAsync("t1", "helper", first.Version, Token);

        Assert.Equal((2, Small), (second.Version, second.Config));
        Assert.Equal((3, AgentConfig.Default), (revised!.Version, revised.Config));
        Assert.Equal((1, Full), (rolledBack!.Version, rolledBack.Config));
        Assert.Equal(Small, (await Stores.Agents.GetAtVersionAsync("t1", "helper", second.VersionId, Token))!.Config);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddVersion_CopiesTheSourceVersionsConfig()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", Full, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "helper", "/c2", Small, null, null, Token);

        var fromActive = await Stores.Agents.AddVersionAsync("t1", "helper", 0, cloneNotes: false, AgentVersionNotes.None, null, Token);
        var fromFirst = await Stores.Agents.AddVersionAsync("t1", "helper", 1, cloneNotes: false, AgentVersionNotes.None, null, Token);

        Assert.Equal(Small, fromActive!.Config);
        Assert.Equal(Full, fromFirst!.Config);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FillMissingConfig_ReadsOnlyTheFoldersOfVersionsWithout_AndStoresWhatItFinds()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", Full, null, null, Token);
        // A change of env alone of a version stored without a config keeps none either.
        var unknown = await Stores.Agents.ReviseAsync("t1", "helper", first.Version, "/c2", null, new Dictionary<string, string> { ["A"] = "1" }, Token);
        await Stores.Agents.UpsertAsync("t1", "other", "/elsewhere", AgentConfig.Default, null, null, Token);
        await Stores.Agents.ReviseAsync("t1", "other", 1, "/gone", null, new Dictionary<string, string>(), Token);
        Assert.Null(unknown!.Config);
        var read = new List<string>();

        var filled = await Stores.Agents.FillMissingConfigAsync(
            path =>
            {
                read.Add(path);
                return path == "/c2" ? Small : null;
            },
            Token);

        Assert.Equal(1, filled);
        Assert.Equal(["/c2", "/gone"], read.Order(StringComparer.Ordinal));
        Assert.Equal(Small, (await Stores.Agents.GetAsync("t1", "helper", Token))!.Config);
        Assert.Null((await Stores.Agents.GetAsync("t1", "other", Token))!.Config);
        Assert.Equal(Full, (await Stores.Agents.FindVersionAsync("t1", "helper", 1, null, Token))!.Config);
    }
}
