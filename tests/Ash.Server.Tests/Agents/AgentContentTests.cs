using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Agents;

/// <summary>
/// Every deploy keeps the agent's content as an immutable copy under the agents directory, named by tenant,
/// name and content id (issue 12), which is what a sandbox host on another node is told to run. A deploy by
/// path takes the folder as it is then; a redeploy picks up later edits. Agents deployed before (their path
/// anywhere on the server) keep working in one process.
/// </summary>
public sealed class AgentContentTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private string AgentsDirectory => Path.Combine(platform.Server.DataDirectory, "agents");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task<JsonObject> DeployAsync(object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await Http.PostAsJsonAsync("/api/agents", body, Cancel);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;
        Assert.True(response.StatusCode == expected, $"deploy: {(int)response.StatusCode} {json.ToJsonString()}");
        return json;
    }

    private static string Name() => "content-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ADeployByPath_IsACopy_UnderTheAgentsDirectory_AndARedeployPicksUpEdits()
    {
        var source = AgentFolders.Create("""{ "limits": { "memoryMb": 512 } }""");
        var name = Name();

        var first = (await DeployAsync(new { name, path = source }))["agent"]!;
        var firstPath = first["path"]!.GetValue<string>();
        await File.WriteAllTextAsync(Path.Combine(source, "CLAUDE.md"), "# edited\n", Cancel);
        var unchanged = await File.ReadAllTextAsync(Path.Combine(firstPath, "CLAUDE.md"), Cancel);
        var second = (await DeployAsync(new { name, path = source }))["agent"]!;
        var secondPath = second["path"]!.GetValue<string>();
        var same = (await DeployAsync(new { name, path = source }))["agent"]!;

        Assert.Equal(Path.Combine(AgentsDirectory, "default", name), Path.GetDirectoryName(firstPath));
        Assert.True(AgentContent.IsValidContentId(Path.GetFileName(firstPath)));
        Assert.Equal("# Test agent\nAnswer briefly.\n", unchanged);
        Assert.NotEqual(firstPath, secondPath);
        Assert.Equal("# edited\n", await File.ReadAllTextAsync(Path.Combine(secondPath, "CLAUDE.md"), Cancel));
        Assert.True(File.Exists(Path.Combine(secondPath, "ash.json")));
        Assert.True(Directory.Exists(firstPath), "replaced content stays a while: a session being created may still copy it");
        Assert.Equal(secondPath, same["path"]!.GetValue<string>());
        // A redeploy that changes nothing (same content, same settings) keeps the version.
        Assert.Equal([1, 2, 2], new[] { first, second, same }.Select(agent => agent["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task TheSameFiles_UploadedOrByPath_AreOneContent()
    {
        var source = AgentFolders.Create(ashJson: null);
        var name = Name();

        var byPath = (await DeployAsync(new { name, path = source }))["agent"]!["path"]!.GetValue<string>();
        var uploaded = (await DeployAsync(new
        {
            name,
            files = new[] { new { path = "CLAUDE.md", content = Convert.ToBase64String(Encoding.UTF8.GetBytes("# Test agent\nAnswer briefly.\n")) } },
        }))["agent"]!["path"]!.GetValue<string>();

        Assert.Equal(byPath, uploaded);
    }

    [Fact]
    public async Task ACopy_LeavesOutLinksAndWhatTheWorkspaceNeverGets()
    {
        var source = AgentFolders.Create(ashJson: null);
        var outside = Path.Combine(Path.GetTempPath(), "ash-tests", "outside-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(outside, "outside the agent", Cancel);
        File.CreateSymbolicLink(Path.Combine(source, "linked.txt"), outside);
        Directory.CreateSymbolicLink(Path.Combine(source, "linked-dir"), "/etc");
        Directory.CreateDirectory(Path.Combine(source, ".git"));
        await File.WriteAllTextAsync(Path.Combine(source, ".git", "HEAD"), "ref", Cancel);
        Directory.CreateDirectory(Path.Combine(source, "skills"));
        await File.WriteAllTextAsync(Path.Combine(source, "skills", "a.md"), "skill", Cancel);
        await File.WriteAllTextAsync(Path.Combine(source, ".env"), "API_TOKEN=secret", Cancel);
        await File.WriteAllTextAsync(Path.Combine(source, ".env.local"), "API_TOKEN=secret", Cancel);
        await File.WriteAllTextAsync(Path.Combine(source, "skills", ".env.production"), "API_TOKEN=secret", Cancel);

        var path = (await DeployAsync(new { name = Name(), path = source }))["agent"]!["path"]!.GetValue<string>();

        Assert.Equal(["CLAUDE.md", "skills"], Directory.EnumerateFileSystemEntries(path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("skill", await File.ReadAllTextAsync(Path.Combine(path, "skills", "a.md"), Cancel));
    }

    [Fact]
    public async Task AFolderWhoseClaudeMdIsALink_IsRefused_AndLeavesNothingBehind()
    {
        var source = Path.Combine(Path.GetTempPath(), "ash-tests", "agent-link-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(source);
        var elsewhere = AgentFolders.Create(ashJson: null);
        File.CreateSymbolicLink(Path.Combine(source, "CLAUDE.md"), Path.Combine(elsewhere, "CLAUDE.md"));
        var name = Name();

        var refused = await DeployAsync(new { name, path = source }, HttpStatusCode.BadRequest);

        Assert.Equal("missing_claude_md", refused["code"]!.GetValue<string>());
        Assert.Empty(Directory.Exists(Path.Combine(AgentsDirectory, "default", name)) ? Directory.EnumerateFileSystemEntries(Path.Combine(AgentsDirectory, "default", name)) : []);
    }

    [Fact]
    public async Task ConcurrentDeploysOfOneName_EachKeepTheirOwnContent_AndTheRowPointsAtOne()
    {
        var name = Name();
        var sources = Enumerable.Range(0, 6).Select(i =>
        {
            var folder = AgentFolders.Create(ashJson: null);
            File.WriteAllText(Path.Combine(folder, "CLAUDE.md"), $"# version {i}\n");
            return folder;
        }).ToList();

        var deployed = await Task.WhenAll(sources.Select(source => DeployAsync(new { name, path = source })));
        var current = (await Api.GetJsonAsync(Http, $"/api/agents/{name}"))["agent"]!;

        var paths = deployed.Select(json => json["agent"]!["path"]!.GetValue<string>()).ToList();
        Assert.Equal(6, paths.Distinct().Count());
        Assert.All(paths, path => Assert.True(File.Exists(Path.Combine(path, "CLAUDE.md"))));
        Assert.Contains(current["path"]!.GetValue<string>(), paths);
        Assert.Equal(6, current["version"]!.GetValue<int>());
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(AgentsDirectory, "default", name), ".staging-*"));
    }

    [Fact]
    public async Task AnAgentDeployedByAnOlderVersion_KeepsWorking_InOneProcess()
    {
        var name = Name();
        var store = platform.Server.Services.GetRequiredService<IAgentStore>();
        await store.UpsertAsync("default", name, RepositoryPaths.ExampleAgent, AgentConfig.Default, null, null, Cancel);

        var session = await Api.CreateSessionAsync(Http, name);
        var frames = await Api.SendAsync(Http, session, "Say hello");

        Assert.Equal("done", frames[^1].Event);
        Assert.True(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "CLAUDE.md")));
    }
}
