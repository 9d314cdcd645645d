using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Validation;

/// <summary>
/// Unknown fields and malformed values in any request body are a 400 naming the field (issue 13), with no .NET
/// type names; the fields Ash's own SDKs and CLI send are accepted.
/// </summary>
public sealed class RequestBodyTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    [Theory]
    [InlineData("/api/sessions", """{"agent":"AGENT","colour":"blue"}""", "unknown_field", "Unknown field 'colour'")]
    [InlineData("/api/sessions", """{"agent":5}""", "invalid_json", "'agent'")]
    [InlineData("/api/sessions", """{"agent":"AGENT","extraEnv":{"A":1}}""", "invalid_json", "'extraEnv.A'")]
    [InlineData("/api/agents", """{"name":"x","path":"/tmp","flavour":"mint"}""", "unknown_field", "Unknown field 'flavour'")]
    [InlineData("/api/agents", """{"name":"x","files":[{"path":"CLAUDE.md","content":"eA==","mode":"0644"}]}""", "unknown_field", "Unknown field 'files[0].mode'")]
    [InlineData("/api/sessions/SESSION/exec", """{"command":"ls","shell":true}""", "unknown_field", "Unknown field 'shell'")]
    [InlineData("/api/sessions/SESSION/exec", """{"command":"ls","timeout":"soon"}""", "invalid_json", "'timeout'")]
    [InlineData("/api/sessions/SESSION/files", """{"files":[{"path":"a.txt","content":"YQ=="}],"overwrite":true}""", "unknown_field", "Unknown field 'overwrite'")]
    [InlineData("/api/sessions/SESSION/messages", """{"content":"hi","stream":true}""", "unknown_field", "Unknown field 'stream'")]
    public async Task Post_BadField_Is400NamingIt(string route, string body, string code, string expected)
    {
        var agent = await Api.DeployAgentAsync(Http);
        var session = await Api.CreateSessionAsync(Http, agent);
        var path = route.Replace("SESSION", session.ToString(), StringComparison.Ordinal);

        using var response = await Http.PostAsync(path, new StringContent(body.Replace("AGENT", agent, StringComparison.Ordinal), Encoding.UTF8, "application/json"));

        var error = await ErrorAsync(response, code);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task Query_NotANumber_Is400NamingTheParameter()
    {
        using var response = await Http.GetAsync("/api/sessions?limit=abc");

        var error = await ErrorAsync(response, "invalid_query");
        Assert.Contains("'limit'", error);
    }

    [Fact]
    public async Task CreateSession_WithEveryFieldAshsSdksSend_IsAccepted()
    {
        var agent = await Api.DeployAgentAsync(Http);
        using var created = await Http.PostAsJsonAsync("/api/credentials", new { type = "anthropic", key = "sk-ant-every-field", label = "every field" });
        await Api.EnsureStatusAsync(created, HttpStatusCode.Created);
        var credential = (await created.Content.ReadFromJsonAsync<JsonObject>())!;

        var session = await Api.CreateSessionAsync(Http, agent, new
        {
            credentialId = credential["credential"]!["id"]!.GetValue<string>(),
            extraEnv = new Dictionary<string, string> { ["GREETING"] = "hi" },
            model = "claude-fake",
            systemPrompt = "Be brief.",
            permissionMode = "bypassPermissions",
            allowedTools = new[] { "Bash" },
            disallowedTools = new[] { "WebFetch" },
            mcpServers = new Dictionary<string, object>(),
            betas = new[] { "some-beta" },
            subagents = new Dictionary<string, object>(),
            initialAgent = "main",
        });

        Assert.NotEqual(Guid.Empty, session);
    }

    [Fact]
    public async Task CreateAgent_WithTheFieldsAshsTypeScriptSdkSends_IsAccepted()
    {
        var name = "agent-" + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["name"] = name,
            ["path"] = RepositoryPaths.ExampleAgent,
            ["env"] = new JsonObject { ["A"] = "b" },
            ["slug"] = name,
            ["description"] = "from the TypeScript SDK",
            ["model"] = "claude-fake",
            ["backend"] = "claude",
            ["systemPrompt"] = "Be brief.",
            ["config"] = new JsonObject(),
        };

        using var response = await Http.PostAsync("/api/agents", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal(code, body["code"]!.GetValue<string>());
        var error = body["error"]!.GetValue<string>();
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain("Nullable", error);
        Assert.DoesNotContain("Ash.", error);
        return error;
    }
}
