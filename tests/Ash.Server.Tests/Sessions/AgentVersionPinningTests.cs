using System.Net;
using System.Text.Json.Nodes;
using Ash.Server.Tests.Agents;
using Ash.Testing.Server;
using static Ash.Server.Tests.Agents.AgentCalls;

namespace Ash.Server.Tests.Sessions;

/// <summary>
/// A session runs the agent version it was created with (issue 13): its content and env stay that version's through
/// stop and cold resume and in its forks, whichever version is active later; new sessions take the active one.
/// </summary>
public sealed class AgentVersionPinningTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private HttpClient Http => platform.Server.Http;

    /// <summary>The env value the agent process sees, read by the agent's own bash tool.</summary>
    private async Task<string> MarkerSeenByAsync(Guid session)
    {
        var frames = await Api.SendAsync(Http, session, "[[bash:echo \"marker=$MARKER\"; head -1 CLAUDE.md]]");
        return Assert.Single(frames, frame => frame.Event == "tool_result").Json.GetProperty("content").GetString()!.Trim();
    }

    [Fact]
    public async Task ASession_KeepsItsVersion_AcrossActivateResumeAndFork()
    {
        var name = NewName("pinned");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# first\n" }, new Dictionary<string, string> { ["MARKER"] = "one" });
        var onFirst = await Api.CreateSessionAsync(Http, name);
        Assert.Equal("marker=one\n# first", await MarkerSeenByAsync(onFirst));

        await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}", new JsonObject { ["env"] = new JsonObject { ["MARKER"] = "two" } }));
        var written = await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/files", Files(("CLAUDE.md", "# third\n"))));
        Assert.Equal(3, written["version"]!.GetValue<int>());
        var onThird = await Api.CreateSessionAsync(Http, name);
        Assert.Equal("marker=two\n# third", await MarkerSeenByAsync(onThird));

        // Roll back: new sessions get version 1 again; the two sessions keep theirs through a fresh process each.
        await OkAsync(SendAsync(Http, HttpMethod.Post, $"/api/agents/{name}/versions/1/activate"));
        var afterRollback = await Api.CreateSessionAsync(Http, name);
        await Api.ChangeAsync(Http, onThird, "stop");
        await Api.ChangeAsync(Http, onThird, "resume");
        await Api.ChangeAsync(Http, onFirst, "stop");
        await Api.ChangeAsync(Http, onFirst, "resume");
        var fork = Guid.Parse((await Api.ChangeAsync(Http, onThird, "fork", HttpStatusCode.Created))["id"]!.GetValue<string>());

        Assert.Equal("marker=one\n# first", await MarkerSeenByAsync(afterRollback));
        Assert.Equal("marker=two\n# third", await MarkerSeenByAsync(onThird));
        Assert.Equal("marker=one\n# first", await MarkerSeenByAsync(onFirst));
        Assert.Equal("marker=two\n# third", await MarkerSeenByAsync(fork));

        // Deleting its version (not the active one) does not take it from the session.
        using (var deleted = await Http.DeleteAsync($"/api/agents/{name}/versions/3"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await Api.ChangeAsync(Http, fork, "stop");
        await Api.ChangeAsync(Http, fork, "resume");
        Assert.Equal("marker=two\n# third", await MarkerSeenByAsync(fork));
        foreach (var session in new[] { onFirst, onThird, afterRollback, fork })
        {
            await Api.ChangeAsync(Http, session, "delete");
        }
    }

    [Fact]
    public async Task ASessionWithoutAPromptOfItsOwn_GetsItsVersionsPrompt()
    {
        var name = NewName("prompted");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# agent\n" });
        await OkAsync(SendAsync(Http, HttpMethod.Patch, $"/api/agents/{name}/versions/1", new JsonObject { ["systemPrompt"] = "You are the heron agent." }));

        var session = await Api.CreateSessionAsync(Http, name);
        var greeting = "hello " + Guid.NewGuid().ToString("N");
        await Api.SendAsync(Http, session, greeting);

        var request = platform.Model.Requests.Last(recorded => recorded.UserTexts.Contains(greeting));
        Assert.Contains("You are the heron agent.", request.Body, StringComparison.Ordinal);
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task ResumeOrFork_OfASessionWhoseAgentWasDeleted_Is404()
    {
        var name = NewName("deleted");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# agent\n" });
        var session = await Api.CreateSessionAsync(Http, name);
        await Api.ChangeAsync(Http, session, "stop");
        await OkAsync(SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}"));

        var resumed = await Api.LifecycleAsync(Http, session, "resume");
        var forked = await Api.LifecycleAsync(Http, session, "fork");

        AssertError(resumed, HttpStatusCode.NotFound, "agent_not_found");
        AssertError(forked, HttpStatusCode.NotFound, "agent_not_found");
    }

    [Fact]
    public async Task ASessionOfADeletedAgent_DoesNotRunTheAgentDeployedAgainUnderItsName()
    {
        var name = NewName("renamed");
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# old\n" });
        var session = await Api.CreateSessionAsync(Http, name);
        await Api.ChangeAsync(Http, session, "stop");
        await OkAsync(SendAsync(Http, HttpMethod.Delete, $"/api/agents/{name}"));
        await AgentCalls.DeployAsync(Http, name, new Dictionary<string, string> { ["CLAUDE.md"] = "# new\n" });

        AssertError(await Api.LifecycleAsync(Http, session, "resume"), HttpStatusCode.NotFound, "agent_not_found");
    }
}
