using System.Text;
using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash files` (list, print, put, rm) and `ash workspace download|upload` on a real session's workspace.</summary>
[Collection(nameof(ServerCollection))]
public sealed class FilesCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly CliAgentFolder _folder = new();
    private readonly string _local = Directory.CreateTempSubdirectory("ash-cli-files-").FullName;
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task PutListPrintRm_WorkOnTheWorkspace_WithResultsOnStdout()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        var notes = Path.Combine(_local, "notes.txt");
        await File.WriteAllTextAsync(notes, "hello from the cli\n", TestContext.Current.CancellationToken);

        var put = await _cli.RunAsync("files", "put", session, notes, "--to", "docs");
        var list = await _cli.RunAsync("files", session);
        var print = await _cli.RunAsync("session", "files", session, "docs/notes.txt");
        var rm = await _cli.RunAsync("files", "rm", session, "docs/notes.txt");
        var gone = await _cli.RunAsync("files", session, "docs/notes.txt");

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Equal(["wrote docs/notes.txt (19 bytes)"], put.StdoutLines);
        Assert.Contains(list.StdoutLines, line => line.StartsWith("docs/notes.txt ", StringComparison.Ordinal));
        Assert.Equal("hello from the cli\n", Encoding.UTF8.GetString(print.Bytes));
        Assert.Equal(["Deleted docs/notes.txt"], rm.StdoutLines);
        CliAssert.FriendlyError(gone, ExitCodes.NotFound);
    }

    [Fact]
    public async Task PutOfAMissingLocalFile_IsAUsageError()
    {
        var run = await _cli.RunAsync("files", "put", Guid.NewGuid().ToString(), Path.Combine(_local, "absent.txt"));

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("is not a file", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkspaceDownloadThenUpload_RoundTripsTheFiles()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        var marker = Path.Combine(_local, "marker.txt");
        await File.WriteAllTextAsync(marker, "kept", TestContext.Current.CancellationToken);
        Assert.Equal(0, (await _cli.RunAsync("files", "put", session, marker)).ExitCode);
        var archive = Path.Combine(_local, "workspace.tar.gz");

        var download = await _cli.RunAsync("workspace", "download", session, archive, "--json");
        var other = await CliSessions.CreateAsync(_cli, _folder);
        var upload = await _cli.RunAsync("workspace", "upload", other, archive);
        var read = await _cli.RunAsync("files", other, "marker.txt");

        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(archive, CliJson.Single(download.Stdout)["file"]!.GetValue<string>());
        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Single(upload.StdoutLines);
        Assert.Equal("kept", Encoding.UTF8.GetString(read.Bytes));
    }

    public void Dispose()
    {
        _folder.Dispose();
        Directory.Delete(_local, recursive: true);
    }
}
