using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>
/// Malicious bundles: each is refused whole with a 4xx, nothing of it reaches the workspace (or anywhere
/// else), and the staging directory is gone afterwards.
/// </summary>
public sealed class WorkspaceArchiveAttackTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private HttpClient Http => platform.Server.Http;

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private async Task<Guid> NewSessionAsync() => await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

    /// <summary>Uploads a bundle that must be refused; asserts the workspace kept exactly its files and no staging is left.</summary>
    private async Task AssertRefusedAsync(byte[] bundle, HttpStatusCode status, string code)
    {
        var session = await NewSessionAsync();
        var workspace = platform.Server.WorkspaceOf(session);
        var before = Snapshot(workspace);

        var answer = await WorkspaceCalls.UploadBundleAsync(Http, session, bundle);

        WorkspaceCalls.AssertError(answer, status, code);
        Assert.Equal(before, Snapshot(workspace));
        var sessionRoot = Path.GetDirectoryName(workspace)!;
        Assert.Empty(Directory.GetDirectories(sessionRoot, "upload-*"));
        Assert.Empty(Directory.GetFileSystemEntries(sessionRoot, "*escape*"));
    }

    private static List<string> Snapshot(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(path => Path.GetRelativePath(directory, path))
            .Order(StringComparer.Ordinal)
            .ToList();

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("../../escape.txt")]
    [InlineData("./a/../../escape.txt")]
    [InlineData("a/b/../../../escape.txt")]
    [InlineData("..")]
    public async Task DotDotEntry_IsRefused(string name)
    {
        await AssertRefusedAsync(Bundles.Build(Bundles.File("good.txt", "good"), Bundles.File(name, "escaped")), HttpStatusCode.BadRequest, "unsafe_entry");
    }

    [Fact]
    public async Task AbsoluteEntry_IsRefused()
    {
        var target = $"/tmp/ash-escape-{Guid.NewGuid():N}.txt";

        await AssertRefusedAsync(Bundles.Build(Bundles.File("good.txt", "good"), Bundles.File(target, "escaped")), HttpStatusCode.BadRequest, "unsafe_entry");

        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task AbsoluteLinkThenWriteThroughIt_IsRefused()
    {
        var outside = Directory.CreateTempSubdirectory("ash-outside-").FullName;

        await AssertRefusedAsync(
            Bundles.Build(Bundles.Symlink("link", outside), Bundles.File("link/pwned.txt", "escaped")), HttpStatusCode.BadRequest, "unsafe_link");

        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public async Task InsideLinkThenWriteThroughIt_IsRefused()
    {
        // Even a link that stays inside is never written through: the kernel refuses the lookup.
        await AssertRefusedAsync(
            Bundles.Build(Bundles.Directory("real/"), Bundles.Symlink("alias", "real"), Bundles.File("alias/through.txt", "x")), HttpStatusCode.BadRequest, "unsafe_entry");
    }

    [Fact]
    public async Task LinkThenFileOfTheSameName_IsRefused()
    {
        var outside = Path.Combine(Directory.CreateTempSubdirectory("ash-outside-").FullName, "target.txt");
        File.WriteAllText(outside, "unchanged");

        await AssertRefusedAsync(
            Bundles.Build(Bundles.Symlink("same", "inside.txt"), Bundles.File("same", "through the link")), HttpStatusCode.BadRequest, "unsafe_entry");

        Assert.Equal("unchanged", File.ReadAllText(outside));
    }

    [Theory]
    [InlineData("up", "..")]
    [InlineData("deep/up", "../../..")]
    [InlineData("sneaky", "a/../../b")]
    [InlineData("shadow", "/etc/shadow")]
    public async Task LinkOutOfTheWorkspace_IsRefused(string name, string target)
    {
        await AssertRefusedAsync(Bundles.Build(Bundles.File("good.txt", "good"), Bundles.Symlink(name, target)), HttpStatusCode.BadRequest, "unsafe_link");
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("good.txt")]
    public async Task HardLink_IsRefused(string target)
    {
        var before = Hash("/etc/passwd");

        await AssertRefusedAsync(Bundles.Build(Bundles.File("good.txt", "good"), Bundles.HardLink("passwd", target)), HttpStatusCode.BadRequest, "unsafe_link");

        Assert.Equal(before, Hash("/etc/passwd"));
    }

    [Fact]
    public async Task DeviceAndFifoEntries_AreRefused()
    {
        await AssertRefusedAsync(Bundles.Build(Bundles.CharacterDevice("mem", 1, 1)), HttpStatusCode.BadRequest, "unsupported_entry");
        await AssertRefusedAsync(Bundles.Build(Bundles.Fifo("pipe")), HttpStatusCode.BadRequest, "unsupported_entry");
    }

    [Fact]
    public async Task GzipBomb_IsRefusedWithoutFillingTheDisk()
    {
        // 64 MiB of zeros compress to about 64 KiB; the server's limit is 16 MiB.
        var bundle = Bundles.Build(Bundles.File("bomb.bin", new byte[64 * 1024 * 1024]));
        Assert.True(bundle.Length < 1024 * 1024);

        await AssertRefusedAsync(bundle, HttpStatusCode.RequestEntityTooLarge, "bundle_too_large");
    }

    [Fact]
    public async Task ManySmallFilesOverTheByteLimit_AreRefused()
    {
        var chunk = new byte[4 * 1024 * 1024];
        var entries = Enumerable.Range(0, 5).Select(i => Bundles.File($"part{i}.bin", chunk)).ToArray();

        await AssertRefusedAsync(Bundles.Build(entries), HttpStatusCode.RequestEntityTooLarge, "bundle_too_large");
    }

    [Fact]
    public async Task TooManyEntries_AreRefused()
    {
        var entries = Enumerable.Range(0, WorkspaceFixture.MaxArchiveEntries + 1).Select(i => Bundles.File($"many/{i}.txt", string.Empty)).ToArray();

        await AssertRefusedAsync(Bundles.Build(entries), HttpStatusCode.RequestEntityTooLarge, "bundle_too_large");
    }

    [Fact]
    public async Task BombHiddenInAPaxHeader_IsRefused()
    {
        // A PAX extended header that claims 2 GiB: the reader must refuse it, not allocate it.
        var header = new byte[512];
        void Put(string text, int offset) => Encoding.ASCII.GetBytes(text).CopyTo(header, offset);
        Put("PaxHeaders/bomb", 0);
        Put("0000644\0", 100);
        Put("0000000\0", 108);
        Put("0000000\0", 116);
        Put("17777777777\0", 124);
        Put("00000000000\0", 136);
        header[156] = (byte)'x';
        Put("ustar\0", 257);
        Put("00", 263);
        Put("        ", 148);
        Put(Convert.ToString(header.Sum(b => b), 8).PadLeft(6, '0') + "\0 ", 148);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(header);
            gzip.Write(new byte[64 * 1024]);
        }

        await AssertRefusedAsync(output.ToArray(), HttpStatusCode.BadRequest, "invalid_bundle");
    }

    [Fact]
    public async Task NotGzip_TruncatedGzip_AndGzipOfNotTar_AreRefused()
    {
        var valid = Bundles.Build(Bundles.File("a.txt", new string('a', 100_000)), Bundles.File("b.txt", "b"));
        using var junk = new MemoryStream();
        using (var gzip = new GZipStream(junk, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(RandomNumberGenerator.GetBytes(4096));
        }

        await AssertRefusedAsync("this is not gzip"u8.ToArray(), HttpStatusCode.BadRequest, "invalid_bundle");
        await AssertRefusedAsync(valid[..(valid.Length / 2)], HttpStatusCode.BadRequest, "invalid_bundle");
        await AssertRefusedAsync([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad], HttpStatusCode.BadRequest, "invalid_bundle");
        await AssertRefusedAsync(junk.ToArray(), HttpStatusCode.BadRequest, "invalid_bundle");
    }

    [Fact]
    public async Task FileWhereTheWorkspaceHasADirectory_IsRefusedBeforeAnythingMoves()
    {
        var session = await NewSessionAsync();
        await WorkspaceCalls.WriteOkAsync(Http, session, ("occupied/inner.txt", "inner"));

        var answer = await WorkspaceCalls.UploadBundleAsync(Http, session, Bundles.Build(Bundles.File("first.txt", "first"), Bundles.File("occupied", "a file")));

        WorkspaceCalls.AssertError(answer, HttpStatusCode.BadRequest, "workspace_conflict");
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "first.txt")));
        Assert.Equal("inner", File.ReadAllText(Path.Combine(platform.Server.WorkspaceOf(session), "occupied", "inner.txt")));
    }

    [Fact]
    public async Task LinkPlantedInTheWorkspace_IsReplaced_NeverWrittenThrough()
    {
        var session = await NewSessionAsync();
        var workspace = platform.Server.WorkspaceOf(session);
        var outside = Directory.CreateTempSubdirectory("ash-outside-").FullName;
        var canary = Path.Combine(outside, "canary.txt");
        File.WriteAllText(canary, "unchanged");
        File.CreateSymbolicLink(Path.Combine(workspace, "dir"), outside);
        File.CreateSymbolicLink(Path.Combine(workspace, "file.txt"), canary);

        var (status, body) = await WorkspaceCalls.UploadBundleAsync(
            Http, session, Bundles.Build(Bundles.File("dir/canary.txt", "through the link"), Bundles.File("file.txt", "through the file link")));

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("unchanged", File.ReadAllText(canary));
        Assert.Equal(["canary.txt"], Directory.GetFileSystemEntries(outside).Select(Path.GetFileName));
        Assert.Null(new DirectoryInfo(Path.Combine(workspace, "dir")).LinkTarget);
        Assert.Equal("through the link", File.ReadAllText(Path.Combine(workspace, "dir", "canary.txt")));
        Assert.Null(new FileInfo(Path.Combine(workspace, "file.txt")).LinkTarget);
        Assert.Equal("through the file link", File.ReadAllText(Path.Combine(workspace, "file.txt")));
    }

    [Fact]
    public async Task FileExactlyAtTheByteLimit_IsAccepted()
    {
        // The bomb tests refuse more than the limit; exactly the limit still goes through.
        var session = await NewSessionAsync();
        var exact = Bundles.Build(Bundles.File("exact.bin", new byte[WorkspaceFixture.MaxArchiveBytes]));

        var (status, body) = await WorkspaceCalls.UploadBundleAsync(Http, session, exact);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(WorkspaceFixture.MaxArchiveBytes, new FileInfo(Path.Combine(platform.Server.WorkspaceOf(session), "exact.bin")).Length);
        Assert.Equal(TarEntryType.RegularFile, Bundles.Read(exact).Single().Type);
    }
}
