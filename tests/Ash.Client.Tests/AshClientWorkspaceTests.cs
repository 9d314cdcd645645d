using System.Formats.Tar;
using System.Net;
using System.Text;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's workspace methods against the real server.</summary>
public sealed class AshClientWorkspaceTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(120);

    private AshClient CreateClient() => new(platform.Server.BaseUrl, TestServer.ApiKey);

    private static async Task<Session> NewSessionAsync(AshClient client, CancellationToken cancellationToken)
    {
        var agent = await client.DeployAgentAsync("agent-" + Guid.NewGuid().ToString("N")[..8], RepositoryPaths.ExampleAgent, cancellationToken);
        return await client.CreateSessionAsync(agent.Name, cancellationToken: cancellationToken);
    }

    [Fact]
    public async Task FileMethods_WriteListReadDelete_RoundTrip()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);

        var written = await client.WriteFilesAsync(
            session.Id,
            [new FileUpload("docs/read me.txt", "spaced name"u8.ToArray()), new FileUpload("../nope.txt", [1]), new FileUpload("ünï/cödé.bin", [0, 1, 2])],
            cancellationToken: timeout.Token);
        var targeted = await client.WriteFilesAsync(session.Id, [new FileUpload("t.txt", "t"u8.ToArray())], targetPath: "under", cancellationToken: timeout.Token);
        var listing = await client.ListFilesAsync(session.Id, cancellationToken: timeout.Token);
        var text = await client.ReadFileAsync(session.Id, "docs/read me.txt", timeout.Token);
        var binary = await client.ReadFileAsync(session.Id, "ünï/cödé.bin", timeout.Token);
        await client.DeleteFileAsync(session.Id, "docs/read me.txt", timeout.Token);
        var missing = await Assert.ThrowsAsync<AshApiException>(() => client.ReadFileAsync(session.Id, "docs/read me.txt", timeout.Token));

        Assert.Equal(new FileWriteResult("docs/read me.txt", true, 11), written[0]);
        Assert.False(written[1].Written);
        Assert.NotNull(written[1].Error);
        Assert.True(written[2].Written);
        Assert.True(targeted.Single().Written);
        Assert.Equal("sandbox", listing.Source);
        Assert.False(listing.Truncated);
        Assert.Contains(listing.Files, f => f is { Path: "docs/read me.txt", Size: 11 });
        Assert.Contains(listing.Files, f => f.Path == "under/t.txt");
        Assert.Equal("spaced name", Encoding.UTF8.GetString(text));
        Assert.Equal([0, 1, 2], binary);
        Assert.Equal((HttpStatusCode.NotFound, "file_not_found"), (missing.StatusCode, missing.Code));
    }

    [Fact]
    public async Task ListFilesAsync_IncludeHiddenFalse_LeavesOutDotNames()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);
        await client.WriteFilesAsync(session.Id, [new FileUpload(".secret/x", [1]), new FileUpload("plain", [1])], cancellationToken: timeout.Token);

        var visible = await client.ListFilesAsync(session.Id, includeHidden: false, timeout.Token);

        Assert.Contains(visible.Files, f => f.Path == "plain");
        Assert.DoesNotContain(visible.Files, f => f.Path.StartsWith('.'));
    }

    [Fact]
    public async Task WorkspaceMethods_DownloadThenUpload_CopyTheTree()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var source = await NewSessionAsync(client, timeout.Token);
        var target = await NewSessionAsync(client, timeout.Token);
        await client.WriteFilesAsync(source.Id, [new FileUpload("app/main.txt", "main"u8.ToArray())], cancellationToken: timeout.Token);

        using var archive = new MemoryStream();
        await client.DownloadWorkspaceAsync(source.Id, archive, timeout.Token);
        archive.Position = 0;
        var uploaded = await client.UploadWorkspaceAsync(target.Id, archive, timeout.Token);

        Assert.Contains(Bundles.Read(archive.ToArray()), e => e is { Name: "app/main.txt", Type: TarEntryType.RegularFile, Text: "main" });
        Assert.True(uploaded.Files >= 2);
        Assert.Equal("Workspace restored to live sandbox", uploaded.Message);
        Assert.Equal("main", Encoding.UTF8.GetString(await client.ReadFileAsync(target.Id, "app/main.txt", timeout.Token)));
    }

    [Fact]
    public async Task UploadWorkspaceAsync_UnsafeBundle_ThrowsWithTheCheckThatFailed()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);
        using var bundle = new MemoryStream(Bundles.Build(Bundles.HardLink("passwd", "/etc/passwd")));

        var error = await Assert.ThrowsAsync<AshApiException>(() => client.UploadWorkspaceAsync(session.Id, bundle, timeout.Token));

        Assert.Equal((HttpStatusCode.BadRequest, "unsafe_link"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task WriteFilesAsync_EndedSession_ThrowsInvalidState()
    {
        using var timeout = new CancellationTokenSource(TestTimeout);
        using var client = CreateClient();
        var session = await NewSessionAsync(client, timeout.Token);
        await client.EndSessionAsync(session.Id, timeout.Token);

        var error = await Assert.ThrowsAsync<AshApiException>(() => client.WriteFilesAsync(session.Id, [new FileUpload("x", [1])], cancellationToken: timeout.Token));
        var listing = await client.ListFilesAsync(session.Id, cancellationToken: timeout.Token);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_state"), (error.StatusCode, error.Code));
        Assert.Contains(listing.Files, f => f.Path == "CLAUDE.md");
    }
}
