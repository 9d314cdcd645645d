using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Sandbox.Agents;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.Agents;

/// <summary>Replaced agent content is kept an hour after it was replaced (not after it was deployed), and content deployed again is current again.</summary>
public sealed class AgentContentStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ash-agent-content").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AgentContentStore _store;

    public AgentContentStoreTests() => _store = new AgentContentStore(_root, _time);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Prune_ContentReplacedLongAfterItsDeploy_StaysAnHourFromItsReplacement()
    {
        var first = Deploy("v1");
        _time.Advance(TimeSpan.FromHours(5));

        var second = Deploy("v2");
        _store.Prune("default", "agent", [second]);
        _time.Advance(TimeSpan.FromMinutes(59));
        _store.Prune("default", "agent", [second]);

        Assert.True(Directory.Exists(first), "content replaced a minute short of an hour ago was removed");
        _time.Advance(TimeSpan.FromMinutes(2));
        _store.Prune("default", "agent", [second]);
        Assert.False(Directory.Exists(first));
        Assert.True(Directory.Exists(second));
    }

    [Fact]
    public void Prune_ContentDeployedAgain_IsCurrentAgainAndKept()
    {
        var first = Deploy("v1");
        var second = Deploy("v2");
        _store.Prune("default", "agent", [second]);
        _time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(first, Deploy("v1"));
        _store.Prune("default", "agent", [first]);
        _store.Prune("default", "agent", [first]);

        Assert.True(Directory.Exists(first));
        Assert.True(Directory.Exists(second), "the content just replaced is kept for its hour");
    }

    [Fact]
    public void Prune_ContentAnyVersionNames_IsNeverRemoved()
    {
        var older = Deploy("v1");
        var active = Deploy("v2");
        var unnamed = Deploy("v3");

        _store.Prune("default", "agent", [older, active]);
        _time.Advance(TimeSpan.FromHours(2));
        _store.Prune("default", "agent", [older, active]);

        Assert.True(Directory.Exists(older), "an older version's content was removed while the version exists");
        Assert.True(Directory.Exists(active));
        Assert.False(Directory.Exists(unnamed));
    }

    [Fact]
    public void Revise_ChangesACopy_AndLeavesTheBasisAsItWas()
    {
        var basis = Deploy("v1");

        var revised = _store.Revise(
            "default",
            "agent",
            basis,
            copy =>
            {
                File.WriteAllText(Path.Combine(copy, "notes.md"), "added");
                return null;
            },
            ReadConfig);

        Assert.True(revised.IsSuccess, revised.IsSuccess ? null : revised.Error.Message);
        Assert.NotEqual(basis, revised.Value.Path);
        Assert.False(File.Exists(Path.Combine(basis, "notes.md")));
        Assert.Equal("added", File.ReadAllText(Path.Combine(revised.Value.Path, "notes.md")));
        Assert.Equal("# v1", File.ReadAllText(Path.Combine(revised.Value.Path, "CLAUDE.md")));
    }

    [Fact]
    public void Revise_RefusedEdit_KeepsNothing()
    {
        var basis = Deploy("v1");

        var revised = _store.Revise("default", "agent", basis, _ => Ash.Core.Errors.AshError.Validation("no", "refused"), ReadConfig);

        Assert.False(revised.IsSuccess);
        Assert.Equal("refused", revised.Error!.Code);
        Assert.Equal([basis], Directory.EnumerateDirectories(Path.GetDirectoryName(basis)!));
    }

    private string Deploy(string text)
    {
        var kept = _store.FromUpload("default", "agent", [("CLAUDE.md", System.Text.Encoding.UTF8.GetBytes("# " + text))], ReadConfig);
        Assert.True(kept.IsSuccess, kept.IsSuccess ? null : kept.Error.Message);
        return kept.Value.Path;
    }

    private static Result<AgentConfig> ReadConfig(string folder) => AgentConfigFile.Load(folder);
}
