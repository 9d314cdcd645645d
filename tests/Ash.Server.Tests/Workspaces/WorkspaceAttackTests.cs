using System.Net;
using System.Security.Cryptography;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>
/// The agent controls the workspace: it can plant any link, FIFO or swap. Every attack here must fail,
/// and its target must stay unread and unchanged. Links are planted on the host, as root, exactly as the
/// agent could plant them from inside (its /workspace is this directory).
/// </summary>
public sealed class WorkspaceAttackTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private const string Shadow = "/etc/shadow";

    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> NewSessionAsync() => await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

    private string Workspace(Guid session) => platform.Server.WorkspaceOf(session);

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>A secret file in the server's data directory (beside ash.db), which no route may reach.</summary>
    private string Canary()
    {
        var path = Path.Combine(platform.Server.DataDirectory, $"canary-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "server secret");
        return path;
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain("root:", text);
        Assert.DoesNotContain("server secret", text);
        Assert.DoesNotContain("other session secret", text);
        Assert.DoesNotContain("SQLite format", text);
    }

    [Theory]
    [InlineData("../../../../../../etc/shadow")]
    [InlineData("..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fshadow")]
    [InlineData("..%2f..%2f..%2f..%2f..%2f..%2fetc%2fshadow")]
    [InlineData("%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/shadow")]
    [InlineData("%252e%252e%252f%252e%252e%252fetc%252fshadow")]
    [InlineData("/etc/shadow")]
    [InlineData("%2Fetc%2Fshadow")]
    [InlineData("sub/../../../../../../../etc/shadow")]
    [InlineData("..\\..\\..\\..\\..\\..\\etc\\shadow")]
    [InlineData("....//....//....//etc/shadow")]
    public async Task ReadFile_TraversalPaths_AreRefused(string path)
    {
        var session = await NewSessionAsync();
        var before = Hash(Shadow);

        var (status, response) = await WorkspaceCalls.RawGetAsync(platform.Server.BaseUrl, $"/api/sessions/{session}/files/{path}", TestServer.ApiKey);
        var (jsonStatus, jsonResponse) = await WorkspaceCalls.RawGetAsync(platform.Server.BaseUrl, $"/api/sessions/{session}/files/{path}?format=json", TestServer.ApiKey);

        Assert.True(status is 400 or 404, $"{path}: {status}\n{response}");
        Assert.True(jsonStatus is 400 or 404, $"{path}: {jsonStatus}\n{jsonResponse}");
        AssertNoSecret(response);
        AssertNoSecret(jsonResponse);
        Assert.Equal(before, Hash(Shadow));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/tmp/ash-absolute-escape.txt")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData("a\0b")]
    public async Task WriteFile_TraversalPaths_FailAndWriteNothingOutside(string path)
    {
        var session = await NewSessionAsync();
        var sessionRoot = Path.GetDirectoryName(Workspace(session))!;

        var (status, body) = await WorkspaceCalls.WriteAsync(Http, session, [(path, "pwned"u8.ToArray())]);
        var (targetStatus, targetBody) = await WorkspaceCalls.WriteAsync(Http, session, [("x.txt", "pwned"u8.ToArray())], targetPath: path.Length == 0 ? "/" : path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body["files"]![0]!["written"]!.GetValue<bool>(), body.ToJsonString());
        Assert.True(targetStatus == HttpStatusCode.BadRequest, targetBody.ToJsonString());
        Assert.False(File.Exists(Path.Combine(sessionRoot, "escape.txt")));
        Assert.False(File.Exists("/tmp/ash-absolute-escape.txt"));
        Assert.False(File.Exists("/x.txt"));
    }

    [Fact]
    public async Task LinkToShadow_IsNeitherReadNorListedNorCopiedIntoTheBundle()
    {
        var session = await NewSessionAsync();
        File.CreateSymbolicLink(Path.Combine(Workspace(session), "shadow"), Shadow);
        Directory.CreateDirectory(Path.Combine(Workspace(session), "etc-view"));
        File.CreateSymbolicLink(Path.Combine(Workspace(session), "etc-view", "etc"), "/etc");

        var raw = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/shadow");
        var json = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/shadow?format=json");
        var through = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/etc-view/etc/shadow");
        var listed = await WorkspaceCalls.ListPathsAsync(Http, session);
        using var download = await Http.GetAsync($"/api/sessions/{session}/workspace");
        var entries = Bundles.Read(await download.Content.ReadAsByteArrayAsync());

        WorkspaceCalls.AssertError(raw, HttpStatusCode.BadRequest, "symlink_not_followed");
        WorkspaceCalls.AssertError(json, HttpStatusCode.BadRequest, "symlink_not_followed");
        WorkspaceCalls.AssertError(through, HttpStatusCode.BadRequest, "symlink_not_followed");
        AssertNoSecret(raw.Body.ToJsonString() + json.Body.ToJsonString() + through.Body.ToJsonString());
        Assert.DoesNotContain(listed, p => p.StartsWith("shadow", StringComparison.Ordinal) || p.StartsWith("etc-view/", StringComparison.Ordinal));
        var link = Assert.Single(entries, e => e.Name == "shadow");
        Assert.Equal((System.Formats.Tar.TarEntryType.SymbolicLink, Shadow, null), (link.Type, link.LinkName, link.Text));
        Assert.DoesNotContain(entries, e => e.Name.StartsWith("etc-view/etc/", StringComparison.Ordinal));
        Assert.All(entries, e => AssertNoSecret(e.Text ?? string.Empty));
    }

    [Fact]
    public async Task LinkToTheDataDirectory_CannotBeReadWrittenOrDeletedThrough()
    {
        var session = await NewSessionAsync();
        var canary = Canary();
        var canaryName = Path.GetFileName(canary);
        var database = Path.Combine(platform.Server.DataDirectory, "ash.db");
        File.CreateSymbolicLink(Path.Combine(Workspace(session), "data"), platform.Server.DataDirectory);
        File.CreateSymbolicLink(Path.Combine(Workspace(session), "canary-link"), canary);
        var before = Hash(canary);

        var read = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/data/{canaryName}");
        var readDatabase = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{session}/files/data/ash.db");
        var (_, written) = await WorkspaceCalls.WriteAsync(Http, session, [($"data/{canaryName}", "overwritten"u8.ToArray()), ("data/planted.txt", "planted"u8.ToArray())]);
        var deleted = await WorkspaceCalls.DeleteAsync(Http, session, $"data/{canaryName}");
        var listed = await WorkspaceCalls.ListPathsAsync(Http, session);

        WorkspaceCalls.AssertError(read, HttpStatusCode.BadRequest, "symlink_not_followed");
        WorkspaceCalls.AssertError(readDatabase, HttpStatusCode.BadRequest, "symlink_not_followed");
        AssertNoSecret(read.Body.ToJsonString() + readDatabase.Body.ToJsonString());
        Assert.All(written["files"]!.AsArray(), f => Assert.False(f!["written"]!.GetValue<bool>()));
        WorkspaceCalls.AssertError(deleted, HttpStatusCode.BadRequest, "symlink_not_followed");
        Assert.DoesNotContain(listed, p => p.StartsWith("data/", StringComparison.Ordinal) || p == "canary-link");
        Assert.Equal(before, Hash(canary));
        Assert.False(File.Exists(Path.Combine(platform.Server.DataDirectory, "planted.txt")));
        Assert.True(!File.Exists(database) || new FileInfo(database).Length > 0);
    }

    [Fact]
    public async Task WriteOverALinkToAHostFile_ReplacesTheLink_NotTheTarget()
    {
        var session = await NewSessionAsync();
        var canary = Canary();
        var link = Path.Combine(Workspace(session), "innocent.txt");
        File.CreateSymbolicLink(link, canary);
        var before = Hash(canary);

        var results = await WorkspaceCalls.WriteOkAsync(Http, session, ("innocent.txt", "new content"));

        Assert.Equal(11, results[0]!["size"]!.GetValue<long>());
        Assert.Equal(before, Hash(canary));
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Equal("new content", await File.ReadAllTextAsync(link));
    }

    [Fact]
    public async Task DeleteALinkToAHostFile_RemovesOnlyTheLink()
    {
        var session = await NewSessionAsync();
        var canary = Canary();
        var link = Path.Combine(Workspace(session), "to-canary");
        File.CreateSymbolicLink(link, canary);
        File.CreateSymbolicLink(Path.Combine(Workspace(session), "to-data"), platform.Server.DataDirectory);

        var (status, _) = await WorkspaceCalls.DeleteAsync(Http, session, "to-canary");
        var (directoryStatus, _) = await WorkspaceCalls.DeleteAsync(Http, session, "to-data");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, directoryStatus);
        Assert.False(File.Exists(link) || Directory.Exists(link) || new FileInfo(link).LinkTarget is not null);
        Assert.Equal("server secret", await File.ReadAllTextAsync(canary));
        Assert.True(File.Exists(Path.Combine(platform.Server.DataDirectory, "ash.db")) || TestDatabase.IsPostgres);
        Assert.True(Directory.Exists(Path.Combine(platform.Server.DataDirectory, "sandboxes")));
    }

    [Fact]
    public async Task LinkToAnotherSessionsWorkspace_CannotBeReadWrittenDeletedOrListedThrough()
    {
        var victim = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, victim, ("secret.txt", "other session secret"));
        var secret = Path.Combine(Workspace(victim), "secret.txt");
        var before = Hash(secret);
        var attacker = await NewSessionAsync();
        File.CreateSymbolicLink(Path.Combine(Workspace(attacker), "other"), Workspace(victim));
        File.CreateSymbolicLink(Path.Combine(Workspace(attacker), "other-root"), Path.GetDirectoryName(Workspace(victim))!);

        var read = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{attacker}/files/other/secret.txt?format=json");
        var readHome = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{attacker}/files/other-root/workspace/secret.txt");
        var (_, written) = await WorkspaceCalls.WriteAsync(Http, attacker, [("other/secret.txt", "overwritten"u8.ToArray()), ("other/planted.txt", "x"u8.ToArray())]);
        var (_, targeted) = await WorkspaceCalls.WriteAsync(Http, attacker, [("planted.txt", "x"u8.ToArray())], targetPath: "other");
        var deleted = await WorkspaceCalls.DeleteAsync(Http, attacker, "other/secret.txt");
        var listed = await WorkspaceCalls.ListPathsAsync(Http, attacker);

        WorkspaceCalls.AssertError(read, HttpStatusCode.BadRequest, "symlink_not_followed");
        WorkspaceCalls.AssertError(readHome, HttpStatusCode.BadRequest, "symlink_not_followed");
        AssertNoSecret(read.Body.ToJsonString() + readHome.Body.ToJsonString());
        Assert.All(written["files"]!.AsArray(), f => Assert.False(f!["written"]!.GetValue<bool>()));
        Assert.False(targeted["files"]![0]!["written"]!.GetValue<bool>());
        WorkspaceCalls.AssertError(deleted, HttpStatusCode.BadRequest, "symlink_not_followed");
        Assert.DoesNotContain(listed, p => p.StartsWith("other", StringComparison.Ordinal));
        Assert.Equal(before, Hash(secret));
        Assert.False(File.Exists(Path.Combine(Workspace(victim), "planted.txt")));
    }

    [Fact]
    public async Task DirectorySwappedForALink_IsNotFollowed()
    {
        var victim = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, victim, ("notes/file.txt", "other session secret"));
        var secret = Path.Combine(Workspace(victim), "notes", "file.txt");
        var before = Hash(secret);
        var attacker = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, attacker, ("notes/file.txt", "mine"));
        Assert.Contains("notes/file.txt", await WorkspaceCalls.ListPathsAsync(Http, attacker));

        // What the agent does between two calls: the directory becomes a link to somewhere else.
        var notes = Path.Combine(Workspace(attacker), "notes");
        Directory.Move(notes, notes + ".real");
        File.CreateSymbolicLink(notes, Path.Combine(Workspace(victim), "notes"));

        var read = await WorkspaceCalls.GetAsync(Http, $"/api/sessions/{attacker}/files/notes/file.txt");
        var (_, written) = await WorkspaceCalls.WriteAsync(Http, attacker, [("notes/file.txt", "overwritten"u8.ToArray()), ("notes/new/deeper.txt", "x"u8.ToArray())]);
        var deleted = await WorkspaceCalls.DeleteAsync(Http, attacker, "notes/file.txt");
        var listed = await WorkspaceCalls.ListPathsAsync(Http, attacker);

        WorkspaceCalls.AssertError(read, HttpStatusCode.BadRequest, "symlink_not_followed");
        AssertNoSecret(read.Body.ToJsonString());
        Assert.All(written["files"]!.AsArray(), f => Assert.False(f!["written"]!.GetValue<bool>()));
        WorkspaceCalls.AssertError(deleted, HttpStatusCode.BadRequest, "symlink_not_followed");
        Assert.Contains("notes.real/file.txt", listed);
        Assert.DoesNotContain(listed, p => p.StartsWith("notes/", StringComparison.Ordinal));
        Assert.Equal(before, Hash(secret));
        Assert.False(Directory.Exists(Path.Combine(Workspace(victim), "notes", "new")));
    }

    [Fact]
    public async Task Fifo_ReadAnswersAtOnce_AndIsLeftOutOfListingsAndBundles()
    {
        var session = await NewSessionAsync();
        WorkspaceCalls.Run("mkfifo", Path.Combine(Workspace(session), "pipe"));
        WorkspaceCalls.Run("mknod", Path.Combine(Workspace(session), "null-device"), "c", "1", "3");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        using var read = await Http.GetAsync($"/api/sessions/{session}/files/pipe", timeout.Token);
        using var readJson = await Http.GetAsync($"/api/sessions/{session}/files/pipe?format=json", timeout.Token);
        using var readDevice = await Http.GetAsync($"/api/sessions/{session}/files/null-device", timeout.Token);
        using var listing = await Http.GetAsync($"/api/sessions/{session}/files", timeout.Token);
        using var download = await Http.GetAsync($"/api/sessions/{session}/workspace", timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        Assert.Contains("not_a_file", await read.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(HttpStatusCode.BadRequest, readJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, readDevice.StatusCode);
        Assert.Contains("not_a_file", await readDevice.Content.ReadAsStringAsync(timeout.Token));
        var listed = await listing.Content.ReadAsStringAsync(timeout.Token);
        Assert.DoesNotContain("pipe", listed);
        Assert.DoesNotContain("null-device", listed);
        var entries = Bundles.Read(await download.Content.ReadAsByteArrayAsync(timeout.Token));
        Assert.DoesNotContain(entries, e => e.Name is "pipe" or "null-device");
        Assert.Contains(entries, e => e.Name == "CLAUDE.md");
    }
}
