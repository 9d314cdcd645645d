using Ash.Core.Agents;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

/// <summary>Agent versions (issue 13): each holds content and settings, the agent row points at the active one.</summary>
public abstract class AgentVersionStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly Dictionary<string, string> EnvA = new() { ["A"] = "1" };

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_NothingChanged_KeepsTheVersion()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, "model-a", Token);

        var again = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "1" }, "model-a", Token);
        var withoutEnv = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);

        Assert.Equal(1, again.Version);
        Assert.Equal(1, withoutEnv.Version);
        Assert.Equal(first.VersionId, again.VersionId);
        Assert.Single(await Stores.Agents.ListVersionsAsync("t1", "helper", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task UpsertAsync_EnvChanged_IsANewActiveVersion()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, null, Token);

        var second = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, new Dictionary<string, string> { ["A"] = "2" }, null, Token);

        Assert.Equal(2, second.Version);
        var versions = await Stores.Agents.ListVersionsAsync("t1", "helper", Token);
        Assert.Equal([2, 1], versions.Select(version => version.VersionNumber));
        Assert.Equal([true, false], versions.Select(version => version.IsActive));
        Assert.Equal("2", versions[0].Env["A"]);
        Assert.Equal("1", versions[1].Env["A"]);
        Assert.Equal(["v2", "v1"], versions.Select(version => version.Name));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAtVersionAsync_OlderVersion_IsThatVersionsContentAndSettings_AfterLaterDeploys()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, "model-a", Token);
        await Stores.Agents.UpsertAsync("t1", "helper", "/c2", AgentConfig.Default, new Dictionary<string, string>(), "model-b", Token);

        var pinned = await Stores.Agents.GetAtVersionAsync("t1", "helper", first.VersionId, Token);
        var active = await Stores.Agents.GetAtVersionAsync("t1", "helper", null, Token);

        Assert.NotNull(pinned);
        Assert.Equal(1, pinned.Version);
        Assert.Equal("/c1", pinned.Path);
        Assert.Equal("1", pinned.Env["A"]);
        Assert.Equal("model-a", pinned.Model);
        Assert.Equal("/c2", active!.Path);
        Assert.Null(await Stores.Agents.GetAtVersionAsync("t2", "helper", first.VersionId, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAtVersionAsync_AgentDeletedAndDeployedAgain_DoesNotFindTheOldVersion()
    {
        var old = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);
        await Stores.Agents.DeleteAsync("t1", "helper", Token);
        var renewed = await Stores.Agents.UpsertAsync("t1", "helper", "/c9", AgentConfig.Default, null, null, Token);

        Assert.Equal(1, renewed.Version);
        Assert.NotEqual(old.VersionId, renewed.VersionId);
        Assert.Null(await Stores.Agents.GetAtVersionAsync("t1", "helper", old.VersionId, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ReviseAsync_FromTheActiveVersion_AddsAndActivates_FromAStaleOne_ReturnsNull()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, "model-a", Token);

        var revised = await Stores.Agents.ReviseAsync("t1", "helper", 1, "/c2", AgentConfig.Default, EnvA, Token);
        var stale = await Stores.Agents.ReviseAsync("t1", "helper", 1, "/c3", AgentConfig.Default, EnvA, Token);
        var unchanged = await Stores.Agents.ReviseAsync("t1", "helper", 2, "/c2", AgentConfig.Default, EnvA, Token);

        Assert.Equal(2, revised!.Version);
        Assert.Equal("model-a", revised.Model);
        Assert.Null(stale);
        Assert.Equal(2, unchanged!.Version);
        Assert.Null(await Stores.Agents.ReviseAsync("t1", "missing", 1, "/c2", AgentConfig.Default, EnvA, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddVersionAsync_IsInactive_WithTheSourcesContent_AndNotesClonedOnlyWhenAsked()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, null, Token);
        var noted = await Stores.Agents.EditVersionAsync("t1", "helper", 1, new AgentVersionNotes(null, "be brief", null, ["kb.md"]), Token);

        var plain = await Stores.Agents.AddVersionAsync("t1", "helper", 0, false, new AgentVersionNotes("draft", null, "notes", null), null, Token);
        var cloned = await Stores.Agents.AddVersionAsync("t1", "helper", 1, true, AgentVersionNotes.None, null, Token);

        Assert.Equal("be brief", noted!.SystemPrompt);
        Assert.NotNull(plain);
        Assert.Equal(2, plain.VersionNumber);
        Assert.False(plain.IsActive);
        Assert.Equal("draft", plain.Name);
        Assert.Equal("notes", plain.ReleaseNotes);
        Assert.Null(plain.SystemPrompt);
        Assert.Equal("/c1", plain.Path);
        Assert.Equal("1", plain.Env["A"]);
        Assert.Equal("v3", cloned!.Name);
        Assert.Equal("be brief", cloned.SystemPrompt);
        Assert.Equal(["kb.md"], cloned.KnowledgeFiles!);
        Assert.Equal(1, (await Stores.Agents.GetAsync("t1", "helper", Token))!.Version);
        Assert.Null(await Stores.Agents.AddVersionAsync("t1", "helper", 9, false, AgentVersionNotes.None, null, Token));
        Assert.Null(await Stores.Agents.AddVersionAsync("t1", "missing", 0, false, AgentVersionNotes.None, null, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ActivateVersionAsync_MakesTheAgentThatVersion()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, EnvA, "model-a", Token);
        await Stores.Agents.UpsertAsync("t1", "helper", "/c2", AgentConfig.Default, new Dictionary<string, string>(), "model-b", Token);

        var activated = await Stores.Agents.ActivateVersionAsync("t1", "helper", 1, Token);

        Assert.Equal(1, activated!.Version);
        var agent = await Stores.Agents.GetAsync("t1", "helper", Token);
        Assert.Equal("/c1", agent!.Path);
        Assert.Equal("model-a", agent.Model);
        Assert.Equal("1", agent.Env["A"]);
        Assert.Equal(1, (await Stores.Agents.ListAsync("t1", Token)).Single().Version);
        Assert.Null(await Stores.Agents.ActivateVersionAsync("t1", "helper", 7, Token));
        Assert.Null(await Stores.Agents.ActivateVersionAsync("t2", "helper", 1, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DeleteVersionAsync_RefusesTheActive_HidesOthers_AndNeverReusesTheirNumbers()
    {
        var first = await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "helper", "/c2", AgentConfig.Default, null, null, Token);
        await Stores.Agents.AddVersionAsync("t1", "helper", 0, false, AgentVersionNotes.None, null, Token);

        Assert.Equal(VersionRemoval.Active, await Stores.Agents.DeleteVersionAsync("t1", "helper", 2, Token));
        Assert.Equal(VersionRemoval.Removed, await Stores.Agents.DeleteVersionAsync("t1", "helper", 1, Token));
        Assert.Equal(VersionRemoval.Removed, await Stores.Agents.DeleteVersionAsync("t1", "helper", 3, Token));
        Assert.Equal(VersionRemoval.NotFound, await Stores.Agents.DeleteVersionAsync("t1", "helper", 3, Token));

        Assert.Equal([2], (await Stores.Agents.ListVersionsAsync("t1", "helper", Token)).Select(version => version.VersionNumber));
        Assert.Null(await Stores.Agents.FindVersionAsync("t1", "helper", 1, null, Token));
        Assert.Null(await Stores.Agents.ActivateVersionAsync("t1", "helper", 1, Token));
        // A session created on a deleted version still runs it.
        Assert.Equal("/c1", (await Stores.Agents.GetAtVersionAsync("t1", "helper", first.VersionId, Token))!.Path);
        Assert.Equal(["/c1", "/c2"], (await Stores.Agents.ListContentPathsAsync("t1", "helper", Token)).Order(StringComparer.Ordinal));
        Assert.Equal(4, (await Stores.Agents.UpsertAsync("t1", "helper", "/c4", AgentConfig.Default, null, null, Token)).Version);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FindVersionAsync_ById_OnlyForItsAgentAndTenant()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "other", "/o1", AgentConfig.Default, null, null, Token);
        var version = (await Stores.Agents.ListVersionsAsync("t1", "helper", Token)).Single();

        var found = await Stores.Agents.FindVersionAsync("t1", "helper", 0, Guid.Parse(version.Id), Token);

        Assert.Equal(version.Id, found!.Id);
        Assert.Equal("t1", found.TenantId);
        Assert.Equal("helper", found.AgentName);
        Assert.Null(await Stores.Agents.FindVersionAsync("t1", "other", 0, Guid.Parse(version.Id), Token));
        Assert.Null(await Stores.Agents.FindVersionAsync("t2", "helper", 0, Guid.Parse(version.Id), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task EditVersionAsync_ChangesOnlyTheGivenNotes()
    {
        await Stores.Agents.UpsertAsync("t1", "helper", "/c1", AgentConfig.Default, null, null, Token);
        await Stores.Agents.EditVersionAsync("t1", "helper", 1, new AgentVersionNotes("first", "prompt", "notes", ["a"]), Token);

        var edited = await Stores.Agents.EditVersionAsync("t1", "helper", 1, new AgentVersionNotes(null, "prompt 2", null, null), Token);

        Assert.Equal("first", edited!.Name);
        Assert.Equal("prompt 2", edited.SystemPrompt);
        Assert.Equal("notes", edited.ReleaseNotes);
        Assert.Equal(["a"], edited.KnowledgeFiles!);
        Assert.Equal("prompt 2", (await Stores.Agents.GetAsync("t1", "helper", Token))!.SystemPrompt);
        Assert.Null(await Stores.Agents.EditVersionAsync("t1", "helper", 5, AgentVersionNotes.None, Token));
    }
}
