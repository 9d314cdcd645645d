using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Server;
using static Ash.Server.Tests.Agents.AgentCalls;

namespace Ash.Server.Tests.Agents;

/// <summary>Ash's version routes over our versions (content + settings): list, create, read, edit, delete, activate.</summary>
public sealed class AgentVersionsApiTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    private async Task<string> DeployAsync(string text = "# v1\n")
    {
        var name = NewName("versions");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = text });
        return name;
    }

    [Fact]
    public async Task EveryChangedDeploy_IsAVersion_NewestFirst_InAshsShape()
    {
        var name = await DeployAsync();
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# v1\n" });
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# v2\n" });

        var listed = await OkAsync(GetAsync(Http, $"/api/agents/{name}/versions"));

        var versions = listed["versions"]!.AsArray().Select(version => version!.AsObject()).ToList();
        Assert.Equal([2, 1], versions.Select(version => version["versionNumber"]!.GetValue<int>()));
        Assert.Equal([true, false], versions.Select(version => version["isActive"]!.GetValue<bool>()));
        var first = versions[1];
        Assert.True(Guid.TryParse(first["id"]!.GetValue<string>(), out _));
        Assert.Equal("default", first["tenantId"]!.GetValue<string>());
        Assert.Equal(name, first["agentName"]!.GetValue<string>());
        Assert.Equal("v1", first["name"]!.GetValue<string>());
        foreach (var nullable in new[] { "systemPrompt", "releaseNotes", "knowledgeFiles", "createdBy" })
        {
            Assert.True(first.ContainsKey(nullable), $"{nullable} is missing (Ash sends null)");
            Assert.Null(first[nullable]);
        }

        Assert.True(DateTimeOffset.TryParse(first["createdAt"]!.GetValue<string>(), out _));
        Assert.True(DateTimeOffset.TryParse(first["updatedAt"]!.GetValue<string>(), out _));
        Assert.Equal(64, first["contentId"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task Create_IsInactive_ByNumberOrId_CloneFromCopiesNotes()
    {
        var name = await DeployAsync();
        await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/versions/1", new JsonObject { ["systemPrompt"] = "be terse", ["knowledgeFiles"] = new JsonArray("kb.md") }));

        var created = (await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["name"] = "draft", ["releaseNotes"] = "try" }), HttpStatusCode.Created))["version"]!;
        var id = created["id"]!.GetValue<string>();
        var cloned = (await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["cloneFrom"] = 1 }), HttpStatusCode.Created))["version"]!;
        var byId = (await OkAsync(GetAsync(Http, $"/api/agents/{name}/versions/{id}")))["version"]!;
        var clonedById = (await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["cloneFrom"] = id }), HttpStatusCode.Created))["version"]!;

        Assert.Equal(2, created["versionNumber"]!.GetValue<int>());
        Assert.False(created["isActive"]!.GetValue<bool>());
        Assert.Equal("draft", created["name"]!.GetValue<string>());
        Assert.Equal("try", created["releaseNotes"]!.GetValue<string>());
        Assert.Null(created["systemPrompt"]);
        Assert.Equal("be terse", cloned["systemPrompt"]!.GetValue<string>());
        Assert.Equal("kb.md", cloned["knowledgeFiles"]![0]!.GetValue<string>());
        Assert.Equal("v3", cloned["name"]!.GetValue<string>());
        Assert.Equal(2, byId["versionNumber"]!.GetValue<int>());
        Assert.Equal(4, clonedById["versionNumber"]!.GetValue<int>());
        Assert.Equal(1, (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Activate_RollsTheAgentBack_AndNewContentIsServedFromIt()
    {
        var name = await DeployAsync("# first\n");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# second\n" });

        var activated = await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions/1/activate"));

        Assert.True(activated["activated"]!.GetValue<bool>());
        Assert.Equal(1, activated["versionNumber"]!.GetValue<int>());
        Assert.Equal(1, (await OkAsync(GetAsync(Http, $"/api/agents/{name}")))["agent"]!["version"]!.GetValue<int>());
        Assert.Equal("# first\n", (await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/CLAUDE.md")))["content"]!.GetValue<string>());
        // A change now starts from the active (older) content and is numbered after every version so far.
        var written = await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("extra.md", "x"))));
        Assert.Equal(3, written["version"]!.GetValue<int>());
        Assert.Equal("# first\n", (await OkAsync(GetAsync(Http, $"/api/agents/{name}/files/CLAUDE.md")))["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_TheActiveVersionIsRefused_AnotherGoesWith204()
    {
        var name = await DeployAsync();
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# v2\n" });

        AssertError(await SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/versions/2"), HttpStatusCode.Conflict, "version_active");
        using var deleted = await Http.DeleteAsync($"/api/agents/{name}/versions/1");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal([2], (await OkAsync(GetAsync(Http, $"/api/agents/{name}/versions")))["versions"]!.AsArray().Select(version => version!["versionNumber"]!.GetValue<int>()));
        AssertError(await GetAsync(Http, $"/api/agents/{name}/versions/1"), HttpStatusCode.NotFound, "version_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions/1/activate"), HttpStatusCode.NotFound, "version_not_found");
    }

    [Theory]
    [InlineData("99")]
    [InlineData("01")]
    [InlineData("-1")]
    [InlineData("not-a-version")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task UnknownVersion_Is404OnEveryRoute(string version)
    {
        var name = await DeployAsync();

        AssertError(await GetAsync(Http, $"/api/agents/{name}/versions/{version}"), HttpStatusCode.NotFound, "version_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/versions/{version}", new JsonObject { ["name"] = "x" }), HttpStatusCode.NotFound, "version_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}/versions/{version}"), HttpStatusCode.NotFound, "version_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions/{version}/activate"), HttpStatusCode.NotFound, "version_not_found");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["cloneFrom"] = version }), HttpStatusCode.BadRequest, "version_not_found");
    }

    [Fact]
    public async Task BadBodies_Are400()
    {
        var name = await DeployAsync();

        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["name"] = new string('n', 256) }), HttpStatusCode.BadRequest, "invalid_request");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject { ["releaseNotes"] = new string('n', 10_001) }), HttpStatusCode.BadRequest, "invalid_request");
        AssertError(await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/versions/1", new JsonObject { ["name"] = "" }), HttpStatusCode.BadRequest, "invalid_request");
        AssertError(await SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/versions/1", JsonNode.Parse("""{ "knowledgeFiles": "kb.md" }""")), HttpStatusCode.BadRequest, "invalid_json");
        AssertError(await SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions", JsonNode.Parse("""{ "cloneFrom": true }""")), HttpStatusCode.BadRequest, "version_not_found");
    }

    [Fact]
    public async Task AnotherTenantsAgent_IsNotFoundOnEveryRoute()
    {
        var name = await DeployAsync();
        using var other = await OtherTenantAsync(platform.Server);

        AssertError(await GetAsync(other, $"/api/agents/{name}/versions"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Post, $"/api/agents/{name}/versions", new JsonObject()), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await GetAsync(other, $"/api/agents/{name}/versions/1"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Patch, $"/api/agents/{name}/versions/1", new JsonObject { ["name"] = "x" }), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Delete, $"/api/agents/{name}/versions/1"), HttpStatusCode.NotFound, "agent_not_found");
        AssertError(await SendAsync(other, HttpMethod.Post, $"/api/agents/{name}/versions/1/activate"), HttpStatusCode.NotFound, "agent_not_found");
        Assert.Single((await OkAsync(GetAsync(Http, $"/api/agents/{name}/versions")))["versions"]!.AsArray());
    }
}
