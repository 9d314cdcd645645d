using System.Formats.Tar;
using System.Net;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>The workspace as a tar.gz: download (links stay links) and upload (merged into the workspace).</summary>
public sealed class WorkspaceArchiveTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> NewSessionAsync() => await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

    private async Task<byte[]> DownloadAsync(Guid session)
    {
        using var response = await Http.GetAsync($"/api/sessions/{session}/workspace");
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{session}.tar.gz", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Download_HoldsFilesDirectoriesAndLinksAsLinks()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("src/main.py", "print('hi')\n"), ("README.md", "# readme"), ("node_modules/dep/index.js", "skipped"));
        var frames = await Api.SendAsync(Http, session, "[[bash:ln -s src/main.py entry.py && ln -s /etc/passwd outside && mkdir empty && echo LINKED]]");
        Assert.Contains("LINKED", Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString());

        var entries = Bundles.Read(await DownloadAsync(session)).ToDictionary(e => e.Name.TrimEnd('/'));

        Assert.Equal((TarEntryType.RegularFile, "print('hi')\n"), (entries["src/main.py"].Type, entries["src/main.py"].Text));
        Assert.Equal("# readme", entries["README.md"].Text);
        Assert.Equal(TarEntryType.Directory, entries["src"].Type);
        Assert.Equal(TarEntryType.Directory, entries["empty"].Type);
        Assert.Equal((TarEntryType.SymbolicLink, "src/main.py", null), (entries["entry.py"].Type, entries["entry.py"].LinkName, entries["entry.py"].Text));
        Assert.Equal((TarEntryType.SymbolicLink, "/etc/passwd", null), (entries["outside"].Type, entries["outside"].LinkName, entries["outside"].Text));
        Assert.DoesNotContain(entries.Keys, name => name.StartsWith("node_modules", StringComparison.Ordinal));
        Assert.True(entries.ContainsKey("CLAUDE.md"));
    }

    [Fact]
    public async Task Upload_MergesIntoTheWorkspace_AsTheSandboxUid()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("keep.txt", "kept"), ("lib/old.txt", "old"), ("replace.txt", "before"));
        var bundle = Bundles.Build(
            Bundles.Directory("./"),
            Bundles.Directory("./lib/"),
            Bundles.File("./lib/new.txt", "new"),
            Bundles.File("replace.txt", "after"),
            Bundles.File("bin/tool.sh", "#!/bin/sh\necho tool\n", (UnixFileMode)0b111_101_101),
            Bundles.File("private.txt", "p", UnixFileMode.UserRead),
            Bundles.Symlink("lib/link-to-new", "new.txt"),
            Bundles.Symlink("up-and-back", "lib/../keep.txt"),
            Bundles.Directory("empty/"));

        var (status, body) = await WorkspaceCalls.UploadBundleAsync(Http, session, bundle);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"message":"Workspace restored to live sandbox","files":6}""", body.ToJsonString());
        var workspace = platform.Server.WorkspaceOf(session);
        var (uid, _) = WorkspaceCalls.OwnerAndMode(workspace);
        Assert.Equal("kept", await File.ReadAllTextAsync(Path.Combine(workspace, "keep.txt")));
        Assert.Equal("old", await File.ReadAllTextAsync(Path.Combine(workspace, "lib", "old.txt")));
        Assert.Equal("new", await File.ReadAllTextAsync(Path.Combine(workspace, "lib", "new.txt")));
        Assert.Equal("after", await File.ReadAllTextAsync(Path.Combine(workspace, "replace.txt")));
        Assert.Equal((uid, "755"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "bin", "tool.sh")));
        Assert.Equal((uid, "755"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "bin")));
        Assert.Equal((uid, "644"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "private.txt")));
        Assert.Equal((uid, "755"), WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "empty")));
        Assert.Equal("new.txt", new FileInfo(Path.Combine(workspace, "lib", "link-to-new")).LinkTarget);
        Assert.Equal(uid, WorkspaceCalls.OwnerAndMode(Path.Combine(workspace, "lib", "link-to-new")).Uid);
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(workspace)!, "upload-*"));

        var frames = await Api.SendAsync(Http, session, "[[bash:bin/tool.sh && cat lib/link-to-new && echo more >> lib/new.txt && echo EDITED]]");
        var output = Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString();
        Assert.Contains("tool", output);
        Assert.Contains("EDITED", output);
    }

    [Fact]
    public async Task DownloadThenUpload_CopiesAWorkspaceIntoAnotherSession()
    {
        var source = await NewSessionAsync();
        var target = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, source, ("project/a.txt", "A"), ("project/nested/b.txt", "B"));
        await Api.SendAsync(Http, source, "[[bash:ln -s nested/b.txt project/b-link]]");

        var (status, body) = await WorkspaceCalls.UploadBundleAsync(Http, target, await DownloadAsync(source));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["files"]!.GetValue<int>() >= 3);
        var workspace = platform.Server.WorkspaceOf(target);
        Assert.Equal("B", await File.ReadAllTextAsync(Path.Combine(workspace, "project", "nested", "b.txt")));
        Assert.Equal("nested/b.txt", new FileInfo(Path.Combine(workspace, "project", "b-link")).LinkTarget);
        Assert.Contains("project/a.txt", await WorkspaceCalls.ListPathsAsync(Http, target));
    }
}
