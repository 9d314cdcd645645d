using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Validation;

/// <summary>Every bad input gets a clear 4xx in the error shape, never a 500.</summary>
public sealed class BadInputTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, body["statusCode"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));
        Assert.DoesNotContain("   at ", text);
        if (code is not null)
        {
            Assert.Equal(code, body["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Request_WithoutKey_Is401()
    {
        using var anonymous = platform.Server.CreateClient(null);
        await AssertErrorAsync(await anonymous.GetAsync("/api/agents"), HttpStatusCode.Unauthorized, "missing_api_key");
    }

    [Fact]
    public async Task Request_WithWrongKey_Is401()
    {
        using var wrong = platform.Server.CreateClient("ash_wrong");
        await AssertErrorAsync(await wrong.GetAsync("/api/sessions"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task Health_WithoutKey_Is200()
    {
        using var anonymous = platform.Server.CreateClient(null);
        var health = await Api.GetJsonAsync(anonymous, "/health");
        Assert.Equal("ok", health["status"]!.GetValue<string>());
        Assert.Equal("bubblewrap", health["sandbox"]!["isolation"]!.GetValue<string>());
        Assert.Equal(TestDatabase.IsPostgres ? "postgres" : "sqlite", health["database"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateSession_UnknownAgent_Is404()
    {
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/sessions", new { agent = "no-such-agent" }), HttpStatusCode.NotFound, "agent_not_found");
    }

    [Fact]
    public async Task GetSession_Unknown_Is404()
    {
        await AssertErrorAsync(await Http.GetAsync($"/api/sessions/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task GetSession_InvalidId_Is404()
    {
        await AssertErrorAsync(await Http.GetAsync("/api/sessions/not-a-uuid"), HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task SendMessage_UnknownSession_Is404()
    {
        await AssertErrorAsync(await Http.PostAsJsonAsync($"/api/sessions/{Guid.NewGuid()}/messages", new { content = "hi" }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Request_MalformedJson_Is400()
    {
        using var content = new StringContent("{\"name\": \"x\",", Encoding.UTF8, "application/json");
        await AssertErrorAsync(await Http.PostAsync("/api/agents", content), HttpStatusCode.BadRequest, "invalid_json");
    }

    [Fact]
    public async Task DeployAgent_FolderWithoutClaudeMd_Is400()
    {
        var folder = Directory.CreateTempSubdirectory("ash-agent-").FullName;
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/agents", new { name = "no-instructions", path = folder }), HttpStatusCode.BadRequest, "missing_claude_md");
    }

    [Fact]
    public async Task DeployAgent_UploadWithoutClaudeMd_Is400()
    {
        var files = new[] { new { path = "README.md", content = Convert.ToBase64String("hi"u8.ToArray()) } };
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/agents", new { name = "upload-no-md", files }), HttpStatusCode.BadRequest, "missing_claude_md");
    }

    [Theory]
    [InlineData("../escape.md")]
    [InlineData("/etc/passwd")]
    [InlineData("a/../../b")]
    public async Task DeployAgent_UploadPathEscaping_Is400(string path)
    {
        var files = new[]
        {
            new { path = "CLAUDE.md", content = Convert.ToBase64String("# x"u8.ToArray()) },
            new { path, content = Convert.ToBase64String("x"u8.ToArray()) },
        };
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/agents", new { name = "upload-escape", files }), HttpStatusCode.BadRequest, "invalid_path");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("../up")]
    public async Task DeployAgent_InvalidName_Is400(string name)
    {
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/agents", new { name, path = RepositoryPaths.ExampleAgent }), HttpStatusCode.BadRequest, "invalid_agent_name");
    }

    [Fact]
    public async Task SendMessage_MissingContent_Is400()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        await AssertErrorAsync(await Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { includePartialMessages = true }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SendMessage_OversizedBody_Is413()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);

        // Announce a 70 MiB body but send only its start: the server must answer 413 without reading it all.
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(platform.Server.BaseUrl.Host, platform.Server.BaseUrl.Port);
        var stream = tcp.GetStream();
        var head = $"POST /api/sessions/{session}/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {TestServer.ApiKey}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {70 * 1024 * 1024}\r\n\r\n{{\"content\":\"xxxx";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 413", statusLine);
        string? line;
        while ((line = await reader.ReadLineAsync()) is { Length: > 0 })
        {
        }

        var body = await reader.ReadLineAsync() + await reader.ReadLineAsync();
        Assert.Contains("\"code\":\"payload_too_large\"", body);
    }

    [Fact]
    public async Task SendMessage_ToEndedSession_Is400InvalidState()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        using (var ended = await Http.DeleteAsync($"/api/sessions/{session}"))
        {
            var body = await ended.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("ended", body!["session"]!["status"]!.GetValue<string>());
        }

        await AssertErrorAsync(await Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { content = "hello?" }), HttpStatusCode.BadRequest, "invalid_state");

        // Ending again is idempotent.
        using var again = await Http.DeleteAsync($"/api/sessions/{session}");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task CreateSession_ReservedExtraEnv_Is400()
    {
        var agent = await Api.DeployAgentAsync(Http);
        var extraEnv = new Dictionary<string, string> { ["ANTHROPIC_BASE_URL"] = "http://evil.example" };
        await AssertErrorAsync(await Http.PostAsJsonAsync("/api/sessions", new { agent, extraEnv }), HttpStatusCode.BadRequest, "reserved_env");
    }

    [Fact]
    public async Task UnknownRoute_Is404InErrorShape()
    {
        await AssertErrorAsync(await Http.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, "route_not_found");
    }
}
