using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Server;
using static Ash.Server.Tests.Agents.AgentCalls;

namespace Ash.Server.Tests.Agents;

/// <summary>PATCH an agent and its config (Ash's shapes): each change is a new active version; the config is the agent's ash.json.</summary>
public sealed class AgentsApiTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private static readonly Dictionary<string, string> Claude = new() { ["CLAUDE.md"] = "# agent\n" };

    [Fact]
    public async Task Patch_Env_ReplacesIt_AsANewVersion_AndAnEmptyObjectClearsIt()
    {
        var name = NewName("patch");
        await DeployAsync(Http, name, Claude, new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" });

        var replaced = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", new JsonObject { ["env"] = new JsonObject { ["C"] = "3" } }));
        var cleared = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", new JsonObject { ["env"] = new JsonObject() }));
        var again = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", new JsonObject { ["env"] = new JsonObject() }));

        Assert.Equal(2, replaced["agent"]!["version"]!.GetValue<int>());
        Assert.Equal(["C"], replaced["agent"]!["env"]!.AsObject().Select(pair => pair.Key));
        Assert.Equal("***", replaced["agent"]!["env"]!["C"]!.GetValue<string>());
        Assert.Equal(3, cleared["agent"]!["version"]!.GetValue<int>());
        Assert.Empty(cleared["agent"]!["env"]!.AsObject());
        Assert.Equal(3, again["agent"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Config_IsTheAgentsAshJson_MergedShallowly_AndValidatedAsAtDeploy()
    {
        var name = NewName("config");
        await DeployAsync(Http, name, new Dictionary<string, string>
        {
            ["CLAUDE.md"] = "# agent\n",
            ["ash.json"] = """{ "limits": { "memoryMb": 512 }, "turns": { "timeoutSeconds": 60 } }""",
        });

        var read = await OkAsync(GetAsync(Http, $"/api/agents/{name}/config"));
        var merged = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/config", JsonNode.Parse("""{ "limits": { "cpus": 1.5 }, "turns": null }""")));
        var viaAgent = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", JsonNode.Parse("""{ "config": { "preWarmCount": 0 } }""")));
        var empty = await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/config", new JsonObject()));
        var file = await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/ash.json"));

        Assert.Equal(512, read["config"]!["limits"]!["memoryMb"]!.GetValue<int>());
        // Shallow: "limits" is replaced whole; null removes "turns".
        Assert.Equal("""{"limits":{"cpus":1.5}}""", merged["config"]!.ToJsonString());
        Assert.Equal(3, viaAgent["agent"]!["version"]!.GetValue<int>());
        Assert.Equal("""{"limits":{"cpus":1.5},"warmPool":0}""", empty["config"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(file["content"]!.GetValue<string>())!.ToJsonString(), empty["config"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{ "description": "x" }""", "description")]
    [InlineData("""{ "limits": { "memoryMb": 1 } }""", "limits.memoryMb")]
    [InlineData("""{ "limits": { "memroyMb": 512 } }""", "limits.memroyMb")]
    [InlineData("""{ "network": { "mode": "full" } }""", "full network")]
    [InlineData("""{ "warmPool": 1, "preWarmCount": 1 }""", "preWarmCount")]
    public async Task Config_Invalid_Is400NamingTheProblem_AndKeepsTheVersion(string patch, string named)
    {
        var name = NewName("badconfig");
        await DeployAsync(Http, name, Claude);

        var answer = await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/config", JsonNode.Parse(patch));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(named, answer.Body["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, answer.Body["statusCode"]!.GetValue<int>());
        var agent = await OkAsync(GetAsync(Http, $"/api/agents/{name}"));
        Assert.Equal(1, agent["agent"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_UnknownAgent_AndAnotherTenantsAgent_Are404()
    {
        var name = NewName("mine");
        await DeployAsync(Http, name, Claude);
        using var other = await OtherTenantAsync(platform.Server);

        AssertError(await SendAsync(Http, HttpMethod.Patch, "/api/agents/nope-404", new JsonObject { ["env"] = new JsonObject() }), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Patch, $"/api/agents/{name}", new JsonObject { ["env"] = new JsonObject() }), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await GetAsync(other, $"/api/agents/{name}/config"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Patch, $"/api/agents/{name}/config", JsonNode.Parse("""{ "warmPool": 0 }""")), HttpStatusCode.NotFound, "agent_not_found");
        Assert.Equal(1, (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Patch_WrongTypes_Is400()
    {
        var name = NewName("types");
        await DeployAsync(Http, name, Claude);

        AssertError(await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", JsonNode.Parse("""{ "env": { "A": 1 } }""")), HttpStatusCode.BadRequest, "invalid_json");
        AssertError(await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/config", JsonNode.Parse("[1]")), HttpStatusCode.BadRequest, "invalid_json");
    }
}
