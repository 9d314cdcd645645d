using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;
using static Ash.Server.Tests.Agents.AgentCalls;

namespace Ash.Server.Tests.Agents;

/// <summary>
/// An agent's files (Ash's routes): the active version's content; a write or delete is all or nothing and makes a new
/// version, leaving the content older versions (and their sessions) run as it was. Paths never leave the content.
/// </summary>
public sealed class AgentFilesApiTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<string> DeployAsync(params (string Path, string Text)[] extra)
    {
        var name = NewName("files");
        var files = new Dictionary<string, string> { ["CLAUDE.md"] = "# agent\n" };
        foreach (var (path, text) in extra)
        {
            files[path] = text;
        }

        await AgentCalls.DeployAsync(Http, name, files);
        return name;
    }

    [Fact]
    public async Task List_IsRecursive_WithSizesAndTimes()
    {
        var name = await DeployAsync(("skills/a/SKILL.md", "skill"), ("notes.txt", "12345"));

        var listed = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files"));

        var files = listed["files"]!.AsArray().Select(file => file!.AsObject()).ToList();
        Assert.Equal(["CLAUDE.md", "notes.txt", "skills/a/SKILL.md"], files.Select(file => file["path"]!.GetValue<string>()));
        Assert.Equal(5, files[1]["size"]!.GetValue<long>());
        Assert.All(files, file => Assert.True(DateTimeOffset.TryParse(file["modifiedAt"]!.GetValue<string>(), out _)));
    }

    [Fact]
    public async Task Read_JsonByDefault_RawOnRequest()
    {
        var name = await DeployAsync(("docs/guide.md", "héllo"));

        var json = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/docs/guide.md"));
        using var raw = await Http.GetAsync($"/api/agents/{name}/files/docs%2Fguide.md?format=raw");

        Assert.Equal("docs/guide.md", json["path"]!.GetValue<string>());
        Assert.Equal("héllo", json["content"]!.GetValue<string>());
        Assert.Equal(Encoding.UTF8.GetByteCount("héllo"), json["size"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        Assert.Equal("héllo", await raw.Content.ReadAsStringAsync());
        Assert.Equal("attachment", raw.Content.Headers.ContentDisposition!.DispositionType);
    }

    [Fact]
    public async Task Read_Oversized_MissingOrDirectory_IsAClear4xx()
    {
        var name = await DeployAsync(("big.txt", new string('x', 1024 * 1024 + 1)), ("dir/a.txt", "a"));

        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/big.txt"), HttpStatusCode.BadRequest, "file_too_large");
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/missing.txt"), HttpStatusCode.NotFound, "file_not_found");
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/dir"), HttpStatusCode.BadRequest, "is_directory");
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/CLAUDE.md?format=xml"), HttpStatusCode.BadRequest, "invalid_request");
        using var raw = await Http.GetAsync($"/api/agents/{name}/files/big.txt?format=raw");
        Assert.Equal(1024 * 1024 + 1, (await raw.Content.ReadAsByteArrayAsync()).Length);
    }

    [Theory]
    [InlineData("..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("skills%2F..%2F..%2Fother%2FCLAUDE.md")]
    [InlineData("%2Fetc%2Fpasswd")]
    public async Task PathsThatClimbOut_AreRefusedOnEveryRoute(string path)
    {
        var name = await DeployAsync(("skills/a.md", "a"));
        var decoded = Uri.UnescapeDataString(path);

        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/{path}"), HttpStatusCode.BadRequest, "invalid_path");
        AssertError(await SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/files/{path}"), HttpStatusCode.BadRequest, "invalid_path");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files((decoded, "x"))), HttpStatusCode.BadRequest, "invalid_path");
        Assert.Equal(1, await VersionOfAsync(name));
    }

    [Fact]
    public async Task LinksInAnAgentFolder_AreNeitherCopiedNorFollowed()
    {
        var source = AgentFolders.Create(ashJson: null);
        File.CreateSymbolicLink(Path.Combine(source, "passwd"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(source, "etc"), "/etc");
        var name = NewName("links");
        await OkAsync(SendAsync(Http, HttpMethod.Post, "/api/agents", new JsonObject { ["name"] = name, ["path"] = source }), HttpStatusCode.Created);

        var listed = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files"));

        Assert.Equal(["CLAUDE.md"], listed["files"]!.AsArray().Select(file => file!["path"]!.GetValue<string>()));
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/passwd"), HttpStatusCode.NotFound, "file_not_found");
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/etc/hostname"), HttpStatusCode.NotFound, "file_not_found");
    }

    [Fact]
    public async Task Read_ALinkPlantedInTheContent_IsNeverFollowed()
    {
        var name = await DeployAsync();
        var content = (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["path"]!.GetValue<string>();
        // Content is the server's own; a link appearing there anyway (an operator's mistake, a bug) is still not followed.
        File.CreateSymbolicLink(Path.Combine(content, "planted"), "/etc/passwd");
        Directory.CreateSymbolicLink(Path.Combine(content, "planted-dir"), "/etc");

        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/planted"), HttpStatusCode.BadRequest, "symlink_not_followed");
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/planted-dir/passwd"), HttpStatusCode.BadRequest, "symlink_not_followed");
        var listed = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files"));
        Assert.Equal(["CLAUDE.md"], listed["files"]!.AsArray().Select(file => file!["path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Write_IsANewVersion_AndLeavesTheOldContentAsItWas()
    {
        var name = await DeployAsync(("notes.txt", "old"));
        var before = (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["path"]!.GetValue<string>();

        var written = await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("notes.txt", "new"), ("kb/facts.md", "facts"))));
        var after = (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!;

        Assert.Equal(2, written["written"]!.GetValue<int>());
        Assert.Equal(2, written["version"]!.GetValue<int>());
        Assert.Equal(2, after["version"]!.GetValue<int>());
        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(before, "notes.txt")));
        Assert.Equal("new", (await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/notes.txt")))["content"]!.GetValue<string>());
        Assert.Equal("facts", (await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/kb/facts.md")))["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Write_OneBadEntry_WritesNothing()
    {
        var name = await DeployAsync(("dir/a.txt", "a"));
        var bad = Files(("ok.txt", "fine"));
        bad["files"]!.AsArray().Add(new JsonObject { ["path"] = "x.txt", ["content"] = "%%% not base64" });

        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", bad), HttpStatusCode.BadRequest, "invalid_base64");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("ok.txt", "fine"), ("dir", "a file over a directory"))), HttpStatusCode.BadRequest, "is_directory");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("ok.txt", "fine"), ("dir/a.txt/b", "beneath a file"))), HttpStatusCode.BadRequest, "not_a_directory");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("ok.txt", "1"), ("./ok.txt", "2"))), HttpStatusCode.BadRequest, "duplicate_path");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("ash.json", """{ "limits": { "memoryMb": 1 } }"""))), HttpStatusCode.BadRequest, "invalid_agent_config");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", new JsonObject()), HttpStatusCode.BadRequest, "invalid_request");

        Assert.Equal(1, await VersionOfAsync(name));
        AssertError(await GetAsync(Http, $"/api/agents/{name}/files/ok.txt"), HttpStatusCode.NotFound, "file_not_found");
    }

    [Fact]
    public async Task Delete_IsANewVersion_ClaudeMdCannotGo_AndAMissingFileIs404()
    {
        var name = await DeployAsync(("kb/only.md", "x"));

        var deleted = await OkAsync(SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/files/kb/only.md"));

        Assert.True(deleted["deleted"]!.GetValue<bool>());
        Assert.Equal(2, deleted["version"]!.GetValue<int>());
        var listed = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files"));
        Assert.Equal(["CLAUDE.md"], listed["files"]!.AsArray().Select(file => file!["path"]!.GetValue<string>()));
        AssertError(await SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/files/kb/only.md"), HttpStatusCode.NotFound, "file_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/files/CLAUDE.md"), HttpStatusCode.BadRequest, "missing_claude_md");
        Assert.Equal(2, await VersionOfAsync(name));
    }

    [Fact]
    public async Task AnotherTenantsAgent_IsNotFoundOnEveryRoute()
    {
        var name = await DeployAsync(("secret.txt", "mine"));
        using var other = await OtherTenantAsync(platform.Server);

        AssertError(await GetAsync(other, $"/api/agents/{name}/files"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await GetAsync(other, $"/api/agents/{name}/files/secret.txt"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Post, $"/api/agents/{name}/files", Files(("x.txt", "x"))), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Delete, $"/api/agents/{name}/files/secret.txt"), HttpStatusCode.NotFound, "agent_not_found");
        Assert.Equal(1, await VersionOfAsync(name));
    }

    private async Task<int> VersionOfAsync(string name) =>
        (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["version"]!.GetValue<int>();
}
