using System.Globalization;
using System.Net;
using System.Text;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Workspaces;

/// <summary>Malformed, oversized and wrongly typed requests to the workspace routes: a clear 4xx (or 507), never a 500.</summary>
public sealed class WorkspaceBadInputTests(WorkspaceFixture platform) : IClassFixture<WorkspaceFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<Guid> NewSessionAsync() => await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

    [Theory]
    [InlineData("""{"files":[{"path":"a.txt","content":"not base64!!"}]}""", "invalid_json")]
    [InlineData("""{"files":[{"path":"a.txt","content":12}]}""", "invalid_json")]
    [InlineData("""{"files":[{"path":7,"content":"YQ=="}]}""", "invalid_json")]
    [InlineData("""{"files":"a.txt"}""", "invalid_json")]
    [InlineData("""{"files":[{"path":"a.txt","content":"YQ=="}],"targetPath":["x"]}""", "invalid_json")]
    [InlineData("""{"files":[{"path":"a.txt","content":"YQ==""", "invalid_json")]
    [InlineData("""{"files":[]}""", "invalid_request")]
    [InlineData("""{"files":null}""", "invalid_request")]
    [InlineData("""{}""", "invalid_request")]
    [InlineData("""null""", "invalid_request")]
    [InlineData("""{"files":[null]}""", "invalid_request")]
    [InlineData("""{"files":[{"path":"a.txt"}]}""", "invalid_request")]
    [InlineData("""{"files":[{"content":"YQ=="}]}""", "invalid_request")]
    [InlineData("""{"files":[{"path":"a.txt","content":"YQ=="}],"targetPath":"../up"}""", "invalid_path")]
    [InlineData("""{"files":[{"path":"a.txt","content":"YQ=="}],"targetPath":"/abs"}""", "invalid_path")]
    public async Task WriteFiles_MalformedBody_Is400(string json, string code)
    {
        var session = await NewSessionAsync();

        var answer = await WorkspaceCalls.SendJsonAsync(Http, HttpMethod.Post, $"/api/sessions/{session}/files", json);

        WorkspaceCalls.AssertError(answer, HttpStatusCode.BadRequest, code);
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "a.txt")));
    }

    [Fact]
    public async Task WriteFiles_MoreThan500Files_Is400()
    {
        var session = await NewSessionAsync();

        var answer = await WorkspaceCalls.WriteAsync(Http, session, Enumerable.Range(0, 501).Select(i => ($"f{i}.txt", "x"u8.ToArray())));

        WorkspaceCalls.AssertError(answer, HttpStatusCode.BadRequest, "invalid_request");
        Assert.False(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "f0.txt")));
    }

    [Fact]
    public async Task WriteFiles_NotJson_Is415()
    {
        var session = await NewSessionAsync();
        using var content = new StringContent("files=a.txt", Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await Http.PostAsync($"/api/sessions/{session}/files", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("unsupported_media_type", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WriteFiles_BodyOver200MiB_Is413()
    {
        var session = await NewSessionAsync();
        using var content = new StreamContent(new RepeatingStream((byte)'a', (200L * 1024 * 1024) + 1));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = (200L * 1024 * 1024) + 1;

        HttpResponseMessage response;
        try
        {
            response = await Http.PostAsync($"/api/sessions/{session}/files", content);
        }
        catch (HttpRequestException)
        {
            // Kestrel may answer 413 and close before the client finished sending; that too is a refusal.
            return;
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Contains("payload_too_large", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("""{"bundle":"%%%not base64"}""", "invalid_json")]
    [InlineData("""{"bundle":42}""", "invalid_json")]
    [InlineData("""{"bundle":""}""", "empty_bundle")]
    [InlineData("""{"bundle":null}""", "empty_bundle")]
    [InlineData("""{}""", "empty_bundle")]
    [InlineData("""[1,2]""", "invalid_json")]
    public async Task UploadWorkspace_MalformedBody_Is400(string json, string code)
    {
        var session = await NewSessionAsync();

        var answer = await WorkspaceCalls.SendJsonAsync(Http, HttpMethod.Post, $"/api/sessions/{session}/workspace", json);

        WorkspaceCalls.AssertError(answer, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("%2E")]
    [InlineData("a/..")]
    [InlineData("./")]
    public async Task DeleteNamingTheWorkspaceItself_Is400(string path)
    {
        var session = await NewSessionAsync();

        using var delete = await Http.DeleteAsync($"/api/sessions/{session}/files/{path}");

        Assert.True(delete.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{path}: {delete.StatusCode}");
        Assert.True(File.Exists(Path.Combine(platform.Server.WorkspaceOf(session), "CLAUDE.md")));
    }

    [Fact]
    public async Task ListFiles_BadIncludeHidden_Is400()
    {
        var session = await NewSessionAsync();

        using var response = await Http.GetAsync($"/api/sessions/{session}/files?includeHidden=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task FullDisk_IsAPerFileErrorAnd507_NeverA500()
    {
        var session = await NewSessionAsync();
        await Api.ChangeAsync(Http, session, "stop");
        var workspace = platform.Server.WorkspaceOf(session);
        var (uid, _) = WorkspaceCalls.OwnerAndMode(workspace);

        // A 1 MiB file system over the workspace stands in for a full disk or an exhausted quota.
        WorkspaceCalls.Run("mount", "-t", "tmpfs", "-o", $"size=1m,mode=0755,uid={uid.ToString(CultureInfo.InvariantCulture)}", "tmpfs", workspace);
        try
        {
            var (status, body) = await WorkspaceCalls.WriteAsync(Http, session, [("big.bin", new byte[2 * 1024 * 1024]), ("small.txt", "fits"u8.ToArray())]);
            var bundle = await WorkspaceCalls.UploadBundleAsync(Http, session, Bundles.Build(Bundles.File("big.bin", new byte[2 * 1024 * 1024])));

            Assert.Equal(HttpStatusCode.OK, status);
            var results = body["files"]!.AsArray();
            Assert.False(results[0]!["written"]!.GetValue<bool>());
            Assert.Contains("No space", results[0]!["error"]!.GetValue<string>());
            Assert.True(results[1]!["written"]!.GetValue<bool>());
            WorkspaceCalls.AssertError(bundle, HttpStatusCode.InsufficientStorage, "insufficient_storage");
            Assert.Equal(["small.txt"], Directory.GetFileSystemEntries(workspace).Select(Path.GetFileName));
        }
        finally
        {
            WorkspaceCalls.Run("umount", "-l", workspace);
        }
    }

    /// <summary>A stream of one byte repeated, without holding it in memory.</summary>
    private sealed class RepeatingStream(byte value, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill(value);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
