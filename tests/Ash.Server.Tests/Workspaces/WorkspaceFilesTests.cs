using System.Net;
using Ash.Testing.Server;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Workspaces;

/// <summary>The file routes round trip: write, list, read (raw and JSON), delete; who may call them, and when.</summary>
public sealed class WorkspaceFilesTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> NewSessionAsync() => await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

    [Fact]
    public async Task WriteListReadDelete_RoundTrip()
    {
        var session = await NewSessionAsync();
        var binary = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var (status, body) = await WorkspaceCalls.WriteAsync(Http, session, [("notes.txt", "hello workspace"u8.ToArray()), ("data/blob.bin", binary)]);
        var nested = await WorkspaceCalls.WriteOkAsync(Http, session, ("c.md", "# in sub"));
        var (targetStatus, _) = await WorkspaceCalls.WriteAsync(Http, session, [("deep/c.md", "# in sub"u8.ToArray())], targetPath: "sub");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"files":[{"path":"notes.txt","written":true,"size":15},{"path":"data/blob.bin","written":true,"size":256}]}""", body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, targetStatus);
        Assert.Single(nested);

        var listing = await Api.GetJsonAsync(Http, $"/api/sessions/{session}/files");
        Assert.Equal("sandbox", listing["source"]!.GetValue<string>());
        var files = listing["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!);
        Assert.Equal(15, files["notes.txt"]["size"]!.GetValue<long>());
        Assert.Equal(256, files["data/blob.bin"]["size"]!.GetValue<long>());
        Assert.True(files.ContainsKey("sub/deep/c.md"));
        Assert.True(files.ContainsKey("CLAUDE.md"), "the agent's own files are listed too");
        Assert.True(DateTimeOffset.UtcNow - files["notes.txt"]["modifiedAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromHours(1));

        using (var raw = await Http.GetAsync($"/api/sessions/{session}/files/data/blob.bin"))
        {
            Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
            Assert.Equal(binary, await raw.Content.ReadAsByteArrayAsync());
            Assert.Equal("application/octet-stream", raw.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", raw.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("blob.bin", raw.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            Assert.Equal(256, raw.Content.Headers.ContentLength);
            Assert.Equal("sandbox", raw.Headers.GetValues("X-Ash-Source").Single());
        }

        using (var text = await Http.GetAsync($"/api/sessions/{session}/files/notes.txt?format=raw"))
        {
            Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
            Assert.Equal("hello workspace", await text.Content.ReadAsStringAsync());
        }

        var json = await Api.GetJsonAsync(Http, $"/api/sessions/{session}/files/sub/deep/c.md?format=json");
        Assert.Equal("""{"path":"sub/deep/c.md","content":"# in sub","size":8,"source":"sandbox"}""", json.ToJsonString());

        var (deleteStatus, deleted) = await WorkspaceCalls.DeleteAsync(Http, session, "data/blob.bin");
        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Equal("""{"path":"data/blob.bin","deleted":true}""", deleted.ToJsonString());
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/data/blob.bin"), HttpStatusCode.NotFound, "file_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.DeleteAsync(Http, session, "data/blob.bin"), HttpStatusCode.NotFound, "file_not_found");
        Assert.DoesNotContain("data/blob.bin", await WorkspaceCalls.ListPathsAsync(Http, session));
    }

    [Fact]
    public async Task WrittenFiles_BelongToTheSandboxUid_AndTheAgentCanEditThem()
    {
        var session = await NewSessionAsync();
        // The sandbox takes the workspace as it starts, after create has answered (the session is active before that).
        await Api.WaitForSandboxStartedAsync(Http, session, TimeSpan.FromSeconds(60));
        var workspace = platform.Server.WorkspaceOf(session);
        var (sandboxUid, _) = WorkspaceCalls.OwnerAndMode(workspace);

        await WorkspaceCalls.WriteOkAsync(Http, session, ("made/by/api.txt", "from the api\n"));

        Assert.True(sandboxUid >= 200_000, $"workspace owned by {sandboxUid}");
        Assert.Equal((sandboxUid, "644"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "made", "by", "api.txt")));
        Assert.Equal((sandboxUid, "755"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "made", "by")));
        Assert.Equal((sandboxUid, "755"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "made")));

        var frames = await Api.SendAsync(Http, session, "[[bash:echo from the agent >> made/by/api.txt && touch made/by/new.txt && echo EDITED]]");
        Assert.Contains("EDITED", Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString());

        var json = await Api.GetJsonAsync(Http, $"/api/sessions/{session}/files/made/by/api.txt?format=json");
        Assert.Equal("from the api\nfrom the agent\n", json["content"]!.GetValue<string>());
        Assert.Contains("made/by/new.txt", await WorkspaceCalls.ListPathsAsync(Http, session));
    }

    [Fact]
    public async Task WriteFile_OverAnExecutable_KeepsItExecutable()
    {
        var session = await NewSessionAsync();
        var script = Path.Combine(platform.Server.WorkspaceOf(session), "run.sh");
        await WorkspaceCalls.WriteOkAsync(Http, session, ("run.sh", "echo one\n"));
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);

        await WorkspaceCalls.WriteOkAsync(Http, session, ("run.sh", "echo two\n"));

        Assert.Equal("755", WorkspaceCalls.OwnerAndMode(script).Mode);
        Assert.Equal("echo two\n", await File.ReadAllTextAsync(script));
    }

    [Fact]
    public async Task ListFiles_SkipsDependenciesAndVersionControl_AndIncludeHiddenFalseHidesDotEntries()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(
            Http, session, ("src/app.js", "1"), ("node_modules/x/index.js", "2"), (".git/HEAD", "3"), (".cache/c.txt", "4"), (".env", "5"), ("lib/.hidden", "6"));

        var all = await WorkspaceCalls.ListPathsAsync(Http, session);
        var visible = await WorkspaceCalls.ListPathsAsync(Http, session, includeHidden: false);

        Assert.Contains("src/app.js", all);
        Assert.Contains(".cache/c.txt", all);
        Assert.Contains(".env", all);
        Assert.DoesNotContain(all, p => p.StartsWith("node_modules/", StringComparison.Ordinal) || p.StartsWith(".git/", StringComparison.Ordinal));
        Assert.Contains("src/app.js", visible);
        Assert.DoesNotContain(visible, p => p.StartsWith('.') || p.Contains("/.", StringComparison.Ordinal));
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
    }

    [Fact]
    public async Task ReadFile_MissingDirectoryOrTooLargeForJson_AreClearErrors()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteAsync(Http, session, [("big.txt", new byte[(1024 * 1024) + 1]), ("dir/a.txt", "a"u8.ToArray())]);

        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/nope.txt"), HttpStatusCode.NotFound, "file_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/nope/deeper.txt"), HttpStatusCode.NotFound, "file_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/dir/a.txt/under-a-file"), HttpStatusCode.NotFound, "file_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/dir"), HttpStatusCode.BadRequest, "is_directory");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/big.txt?format=json"), HttpStatusCode.BadRequest, "file_too_large");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/dir/a.txt?format=xml"), HttpStatusCode.BadRequest, "invalid_request");
        using var raw = await Http.GetAsync($"/api/sessions/{session}/files/big.txt");
        Assert.Equal((1024 * 1024) + 1, (await raw.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task WriteFiles_BadFilesFailAlone_OthersAreWritten()
    {
        var session = await NewSessionAsync();
        var tooBig = new byte[(50 * 1024 * 1024) + 1];

        var (status, body) = await WorkspaceCalls.WriteAsync(
            Http, session, [("ok.txt", "fine"u8.ToArray()), ("../escape.txt", "x"u8.ToArray()), ("/abs.txt", "x"u8.ToArray()), ("big.bin", tooBig), ("dir", "x"u8.ToArray())]);
        await WorkspaceCalls.WriteOkAsync(Http, session, ("taken/inner.txt", "x"));
        var (_, clash) = await WorkspaceCalls.WriteAsync(Http, session, [("taken", "file over a directory"u8.ToArray())]);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body["files"]!.AsArray();
        Assert.True(results[0]!["written"]!.GetValue<bool>());
        foreach (var index in new[] { 1, 2, 3 })
        {
            Assert.False(results[index]!["written"]!.GetValue<bool>());
            Assert.False(string.IsNullOrWhiteSpace(results[index]!["error"]!.GetValue<string>()));
            Assert.Null(results[index]!["size"]);
        }

        Assert.Equal("/abs.txt", results[2]!["path"]!.GetValue<string>());
        Assert.True(results[4]!["written"]!.GetValue<bool>());
        Assert.False(clash["files"]![0]!["written"]!.GetValue<bool>());
        Assert.Contains("directory", clash["files"]![0]!["error"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(platform.Server.DataDirectory, "sandboxes", session.ToString(), "escape.txt")));
        Assert.False(File.Exists("/abs.txt"));
        var listed = await WorkspaceCalls.ListPathsAsync(Http, session);
        Assert.Contains("ok.txt", listed);
        Assert.Contains("dir", listed);
        Assert.DoesNotContain(listed, p => p.Contains("escape", StringComparison.Ordinal) || p.Contains("abs", StringComparison.Ordinal) || p.Contains("big", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteFiles_OverTheBatchLimit_LaterFilesFail()
    {
        var session = await NewSessionAsync();
        var chunk = new byte[49 * 1024 * 1024];

        var (status, body) = await WorkspaceCalls.WriteAsync(Http, session, [("one.bin", chunk), ("two.bin", chunk), ("three.bin", new byte[3 * 1024 * 1024])]);

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body["files"]!.AsArray();
        Assert.True(results[0]!["written"]!.GetValue<bool>());
        Assert.True(results[1]!["written"]!.GetValue<bool>());
        Assert.False(results[2]!["written"]!.GetValue<bool>());
        Assert.Contains("100 MiB", results[2]!["error"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "three.bin")));
    }

    [Fact]
    public async Task DeleteFile_RemovesADirectoryTree()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("tree/a/b/c.txt", "c"), ("tree/d.txt", "d"), ("keep.txt", "k"));

        var (status, _) = await WorkspaceCalls.DeleteAsync(Http, session, "tree");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(Directory.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "tree")));
        Assert.Contains("keep.txt", await WorkspaceCalls.ListPathsAsync(Http, session));
    }

    [Fact]
    public async Task EndedSession_FilesCanBeReadButNotChanged()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("kept.txt", "still here"));
        await Api.ChangeAsync(Http, session, "delete");

        var json = await Api.GetJsonAsync(Http, $"/api/sessions/{session}/files/kept.txt?format=json");
        Assert.Equal("still here", json["content"]!.GetValue<string>());
        Assert.Contains("kept.txt", await WorkspaceCalls.ListPathsAsync(Http, session));
        using (var download = await Http.GetAsync($"/api/sessions/{session}/workspace"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        }

        WorkspaceCalls.AssertError(await WorkspaceCalls.WriteAsync(Http, session, [("new.txt", "x"u8.ToArray())]), HttpStatusCode.BadRequest, "invalid_state");
        WorkspaceCalls.AssertError(await WorkspaceCalls.DeleteAsync(Http, session, "kept.txt"), HttpStatusCode.BadRequest, "invalid_state");
        WorkspaceCalls.AssertError(await WorkspaceCalls.UploadBundleAsync(Http, session, Bundles.Build(Bundles.File("b.txt", "b"))), HttpStatusCode.BadRequest, "invalid_state");
        Assert.True(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "kept.txt")));
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "new.txt")));
    }

    [Fact]
    public async Task StoppedSession_FilesCanBeChanged()
    {
        var session = await NewSessionAsync();
        await Api.ChangeAsync(Http, session, "stop");

        await WorkspaceCalls.WriteOkAsync(Http, session, ("while-stopped.txt", "x"));

        Assert.Contains("while-stopped.txt", await WorkspaceCalls.ListPathsAsync(Http, session));
    }

    [Fact]
    public async Task AnotherTenantsSession_IsNotFoundOnEveryRoute()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("private.txt", "mine"));
        var key = "ash_other_" + Guid.NewGuid().ToString("N");
        await platform.Server.Services.GetRequiredService<Ash.Core.Auth.IApiKeyStore>()
            .AddAsync("tenant-" + Guid.NewGuid().ToString("N")[..8], Ash.Core.Auth.ApiKeyHash.Hash(key), "workspace test", CancellationToken.None);
        using var other = platform.Server.CreateClient(key);
        var bundle = Convert.ToBase64String(Bundles.Build(Bundles.File("x.txt", "x")));

        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(other, $"/api/sessions/{session}/files"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(other, $"/api/sessions/{session}/files/private.txt"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(other, $"/api/sessions/{session}/workspace"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.WriteAsync(other, session, [("x.txt", "x"u8.ToArray())]), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.DeleteAsync(other, session, "private.txt"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(
            await WorkspaceCalls.SendJsonAsync(other, HttpMethod.Post, $"/api/sessions/{session}/workspace", $$"""{"bundle":"{{bundle}}"}"""),
            HttpStatusCode.NotFound,
            "session_not_found");
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(platform.Server.WorkspaceOf(session), "private.txt")));
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "x.txt")));
    }

    [Fact]
    public async Task UnknownOrMalformedSessionId_IsNotFound()
    {
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{Guid.NewGuid()}/files"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, "/api/sessions/not-a-uuid/files/a.txt"), HttpStatusCode.NotFound, "session_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{Guid.NewGuid()}/workspace"), HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task WorkspaceDirectoryGone_IsWorkspaceNotFound()
    {
        var session = await NewSessionAsync();
        await Api.ChangeAsync(Http, session, "stop");

        // What the retention sweep does to an ended session's files, done directly to a stopped one.
        Directory.Delete(platform.Server.WorkspaceOf(session), recursive: true);

        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files"), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/CLAUDE.md"), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/workspace"), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.WriteAsync(Http, session, [("x.txt", "x"u8.ToArray())]), HttpStatusCode.NotFound, "workspace_not_found");
        WorkspaceCalls.AssertError(await WorkspaceCalls.UploadBundleAsync(Http, session, Bundles.Build(Bundles.File("x.txt", "x"))), HttpStatusCode.NotFound, "workspace_not_found");
        Assert.False(Directory.Exists(platform.Server.WorkspaceOf(session)), "a write does not bring back a removed workspace");
    }
}
