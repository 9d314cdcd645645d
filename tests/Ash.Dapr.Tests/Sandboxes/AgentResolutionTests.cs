using System.Text;
using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions;
using Ash.Dapr.App;
using Ash.Dapr.Sandboxes;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>
/// A sandbox host never takes a host path from its caller (issue 12): <c>prepare</c> and <c>start</c> name the
/// agent by tenant, name and content id, and the node finds the folder under its own agents directory, reads
/// the agent's <c>ash.json</c> there, and refuses (400) anything malformed, traversing, linked or absent.
/// </summary>
public sealed class AgentResolutionTests : IAsyncDisposable
{
    private const string ContentId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ash-dapr-tests", Guid.NewGuid().ToString("N"));
    private readonly RecordingSandboxHost _local = new();
    private readonly SandboxNodeActorType _node;
    private readonly Guid _session = Guid.NewGuid();

    public AgentResolutionTests()
    {
        _node = new SandboxNodeActorType("a", _local, _local, Agents);
        var folder = Path.Combine(Agents, "default", "helper", ContentId);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "CLAUDE.md"), "# helper\n");
        File.WriteAllText(Path.Combine(folder, "ash.json"), """{ "limits": { "memoryMb": 300 } }""");
    }

    private string Agents => Path.Combine(_root, "agents");

    private static string Call(Guid session, string tenant, string name, string contentId, JsonObject? extra = null)
    {
        var call = new JsonObject
        {
            ["sessionId"] = session.ToString("D"),
            ["tenantId"] = tenant,
            ["agentName"] = name,
            ["contentId"] = contentId,
            ["agentEnv"] = new JsonObject { ["K"] = "v" },
            ["options"] = new JsonObject(),
        };
        foreach (var (key, value) in extra ?? [])
        {
            call[key] = value?.DeepClone();
        }

        return call.ToJsonString();
    }

    private Task<DaprActorResponse> InvokeAsync(string method, string body, Guid? actor = null) =>
        _node.InvokeAsync((actor ?? _session).ToString("D"), method, Encoding.UTF8.GetBytes(body), TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("prepare")]
    [InlineData("start")]
    public async Task TheAgent_IsFoundUnderTheNodesOwnAgentsDirectory_WithItsOwnAshJson(string method)
    {
        // A caller that still sends the old fields (a host path, a config) is not listened to.
        await InvokeAsync(method, Call(_session, "default", "helper", ContentId, new JsonObject
        {
            ["agentPath"] = "/root",
            ["config"] = new JsonObject { ["limits"] = new JsonObject { ["memoryMb"] = 64000 } },
        }));

        var (recorded, spec) = Assert.Single(_local.Specs);
        Assert.Equal(method, recorded);
        Assert.Equal(Path.Combine(Agents, "default", "helper", ContentId), spec.AgentPath);
        Assert.Equal(300 * ResourceLimits.MiB, spec.Config.Limits.MemoryBytes);
        Assert.Equal((_session, "default", "helper", "v"), (spec.SessionId, spec.TenantId, spec.AgentName, spec.AgentEnv["K"]));
    }

    [Fact]
    public async Task TheSameContent_IsParsedOnce_OnThisNode()
    {
        await InvokeAsync("prepare", Call(_session, "default", "helper", ContentId));
        // A content id names its files for good; a parse of this one now would fail.
        File.WriteAllText(Path.Combine(Agents, "default", "helper", ContentId, "ash.json"), "{ not json");

        await InvokeAsync("start", Call(_session, "default", "helper", ContentId));

        Assert.Equal(["prepare", "start"], _local.Specs.Select(recorded => recorded.Method));
        Assert.All(_local.Specs, recorded => Assert.Equal(300 * ResourceLimits.MiB, recorded.Spec.Config.Limits.MemoryBytes));
    }

    [Theory]
    [InlineData("..", "helper", ContentId)]
    [InlineData("default/../..", "helper", ContentId)]
    [InlineData("/root", "helper", ContentId)]
    [InlineData("", "helper", ContentId)]
    [InlineData("default\n", "helper", ContentId)]
    [InlineData("default", "..", ContentId)]
    [InlineData("default", "../../../etc", ContentId)]
    [InlineData("default", ".hidden", ContentId)]
    [InlineData("default", "helper/x", ContentId)]
    [InlineData("default", "helper", "..")]
    [InlineData("default", "helper", "../../../../root")]
    [InlineData("default", "helper", "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("default", "helper", "0123456789abcdef")]
    [InlineData("default", "helper", "/root/secret")]
    public async Task ATraversingOrMalformedReference_IsRefused_AndNothingIsPrepared(string tenant, string name, string contentId)
    {
        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("start", Call(_session, tenant, name, contentId)));

        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal("invalid_agent_ref", refusal.Code);
        Assert.Empty(_local.Specs);
    }

    [Fact]
    public async Task ContentThisNodeDoesNotHave_IsRefused_WithAClearMessage()
    {
        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("start", Call(_session, "default", "helper", new string('a', 64))));

        Assert.Equal(("agent_content_missing", 400), (refusal.Code, refusal.StatusCode));
        Assert.Contains("agents directory", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_local.Specs);
    }

    [Theory]
    [InlineData("tenant")]
    [InlineData("name")]
    [InlineData("content")]
    public async Task ALinkAnywhereOnTheWay_IsNeverFollowed(string level)
    {
        var elsewhere = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(Path.Combine(elsewhere, "x", "y", ContentId));
        File.WriteAllText(Path.Combine(elsewhere, "x", "y", ContentId, "CLAUDE.md"), "# not deployed\n");
        var (tenant, name) = level switch
        {
            "tenant" => ("linked", "y"),
            "name" => ("default", "linked"),
            _ => ("default", "helper"),
        };
        var contentId = level == "content" ? new string('b', 64) : ContentId;
        var link = Path.Combine(Agents, level == "tenant" ? "linked" : Path.Combine("default", level == "name" ? "linked" : Path.Combine("helper", contentId)));
        Directory.CreateSymbolicLink(link, level switch
        {
            "tenant" => Path.Combine(elsewhere, "x"),
            "name" => Path.Combine(elsewhere, "x", "y"),
            _ => Path.Combine(elsewhere, "x", "y", ContentId),
        });

        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("start", Call(_session, tenant, name, contentId)));

        Assert.Equal("agent_content_link", refusal.Code);
        Assert.Empty(_local.Specs);
    }

    [Fact]
    public async Task ACallForAnotherSession_IsRefused()
    {
        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("start", Call(Guid.NewGuid(), "default", "helper", ContentId)));

        Assert.Equal("session_mismatch", refusal.Code);
        Assert.Empty(_local.Specs);
    }

    [Theory]
    [InlineData("""{"sessionId":"x"}""")]
    [InlineData("""{"agentPath":"/root-only"}""")]
    [InlineData("[]")]
    [InlineData("{")]
    public async Task ABodyOfAnotherShape_IsRefusedAsInvalidBody(string body)
    {
        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("start", body));

        Assert.Equal(("invalid_body", 400), (refusal.Code, refusal.StatusCode));
        Assert.Empty(_local.Specs);
    }

    [Theory]
    [InlineData("""{"generation":1,"command":"id","timeoutMs":0,"maxOutputBytes":10}""")]
    [InlineData("""{"generation":1,"command":"id","timeoutMs":9223372036854775807,"maxOutputBytes":10}""")]
    public async Task AnExecOutsideItsLimits_IsRefused(string body)
    {
        var refusal = await Assert.ThrowsAsync<DaprCallRefusedException>(() => InvokeAsync("exec", body));

        Assert.Equal(400, refusal.StatusCode);
    }

    [Fact]
    public void AnAgentRowsPath_NamesItsContent_OnlyWhenItIsContent()
    {
        var content = AgentContent.FromPath($"/srv/ash/agents/default/helper/{ContentId}", "default", "helper");

        Assert.Equal(new AgentContent("default", "helper", ContentId), content);
        Assert.Null(AgentContent.FromPath("/srv/agents/helper", "default", "helper"));
        Assert.Null(AgentContent.FromPath($"/srv/ash/agents/other/helper/{ContentId}", "default", "helper"));
        Assert.Null(AgentContent.FromPath($"/srv/ash/agents/default/helper/{ContentId[..40]}", "default", "helper"));
        Assert.Null(AgentContent.FromPath("/data/agents/default/helper", "default", "helper"));
    }

    [Fact]
    public void ALegacyAgent_CannotBeSentToANode_AndTheErrorSaysToDeployItAgain()
    {
        var spec = new SandboxSpec(_session, "default", "helper", "/home/me/agents/helper", new Dictionary<string, string>(), SessionOptions.Empty);

        var error = Assert.Throws<InvalidOperationException>(() => RemoteSandboxHost.CallFor(spec));

        Assert.Contains("deploy it again", error.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
