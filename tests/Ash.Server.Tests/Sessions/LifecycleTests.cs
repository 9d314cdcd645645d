using System.Net;
using System.Net.Http.Json;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sessions;

/// <summary>Pause, resume (warm and cold), stop, fork and end with the real runtime against the fake model.</summary>
public sealed class LifecycleTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    private static readonly TimeSpan ProcessStart = TimeSpan.FromSeconds(60);

    private HttpClient Http => platform.Server.Http;

    private TestServer Server => platform.Server;

    [Fact]
    public async Task Pause_ActiveSession_RefusesMessagesAndEmitsStatusEvent()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));

        var paused = await Api.ChangeAsync(Http, session, "pause");

        Assert.Equal("paused", paused["status"]!.GetValue<string>());
        using var refused = await Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { content = "hello?" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("invalid_state", await refused.Content.ReadAsStringAsync());
        var statuses = await Api.EventsOfTypeAsync(Http, session, "status");
        Assert.Equal(["active", "paused"], statuses.Select(s => s["status"]!.GetValue<string>()));
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task Resume_PausedWithLiveProcess_KeepsTheSameProcessAndMemory()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "my favourite colour is teal");
        var pidBefore = await SandboxProcess.WaitForPidAsync(Server.DataDirectory, session, ProcessStart);

        await Api.ChangeAsync(Http, session, "pause");
        var resumed = await Api.ChangeAsync(Http, session, "resume");

        Assert.Equal("active", resumed["status"]!.GetValue<string>());
        Assert.Equal(pidBefore, Server.AgentPidOf(session));
        var timeline = await Api.EventsOfTypeAsync(Http, session, "lifecycle");
        Assert.Equal(["created", "paused", "resumed"], timeline.Select(e => e["action"]!.GetValue<string>()));
        Assert.Equal("warm", timeline[^1]["path"]!.GetValue<string>());
        var recalled = Api.Text(await Api.SendAsync(Http, session, "[[recall]]"));
        Assert.Contains("my favourite colour is teal", recalled);
        Assert.Equal(pidBefore, Server.AgentPidOf(session));
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task Stop_ThenResume_StartsANewProcessThatRemembersEarlierTurns()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "[[bash:echo kept > kept.txt]]");
        await Api.SendAsync(Http, session, "my favourite colour is teal");
        var pidBefore = await SandboxProcess.WaitForPidAsync(Server.DataDirectory, session, ProcessStart);

        var stopped = await Api.ChangeAsync(Http, session, "stop");

        Assert.Equal("stopped", stopped["status"]!.GetValue<string>());
        Assert.Null(Server.AgentPidOf(session));
        Assert.False(SandboxProcess.IsAlive(pidBefore), "stop kills the agent process");
        Assert.True(File.Exists(Path.Combine(Server.WorkspaceOf(session), "kept.txt")), "stop keeps the files");
        var resumed = await Api.ChangeAsync(Http, session, "resume");

        Assert.Equal("active", resumed["status"]!.GetValue<string>());
        Assert.Equal("cold", (await Api.EventsOfTypeAsync(Http, session, "lifecycle"))[^1]["path"]!.GetValue<string>());
        var frames = await Api.SendAsync(Http, session, "[[recall]]");
        Assert.Contains("my favourite colour is teal", Api.Text(frames));
        Assert.NotEqual(pidBefore, Server.AgentPidOf(session));
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task StoppedSession_WakesOnTheNextMessage_PausedOneKeepsRefusing()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "my favourite colour is plum");

        var pid = await SandboxProcess.WaitForPidAsync(Server.DataDirectory, session, ProcessStart);
        await Api.ChangeAsync(Http, session, "stop");
        Assert.False(SandboxProcess.IsAlive(pid), "stop kills the agent process");

        var frames = await Api.SendAsync(Http, session, "[[recall]]");

        Assert.DoesNotContain(frames, f => f.Event == "error");
        Assert.Contains("my favourite colour is plum", Api.Text(frames));
        Assert.Equal("active", await Api.StatusOfAsync(Http, session));

        await Api.ChangeAsync(Http, session, "pause");
        using var refused = await Http.PostAsJsonAsync($"/api/sessions/{session}/messages", new { content = "hello?" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("paused", await Api.StatusOfAsync(Http, session));
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task Fork_CopiesWorkspaceAndConversation_ThenChildAndParentDiverge()
    {
        var parent = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, parent, "[[bash:echo parent-data > note.txt]]");
        await Api.SendAsync(Http, parent, "the secret word is heron");

        var child = await Api.ChangeAsync(Http, parent, "fork", HttpStatusCode.Created);

        var childId = Guid.Parse(child["id"]!.GetValue<string>());
        Assert.NotEqual(parent, childId);
        Assert.Equal(parent.ToString(), child["parentSessionId"]!.GetValue<string>());
        Assert.Equal("active", child["status"]!.GetValue<string>());
        var forked = Assert.Single(await Api.EventsOfTypeAsync(Http, childId, "lifecycle"));
        Assert.Equal("forked", forked["action"]!.GetValue<string>());
        Assert.Equal(parent.ToString(), forked["parentSessionId"]!.GetValue<string>());
        Assert.Equal("parent-data\n", await File.ReadAllTextAsync(Path.Combine(Server.WorkspaceOf(childId), "note.txt")));
        var parentMessages = (await Api.GetJsonAsync(Http, $"/api/sessions/{parent}/messages"))["messages"]!.AsArray();
        var childMessages = (await Api.GetJsonAsync(Http, $"/api/sessions/{childId}/messages"))["messages"]!.AsArray();
        Assert.Equal(parentMessages.Count, childMessages.Count);

        var childRecall = Api.Text(await Api.SendAsync(Http, childId, "[[recall]]"));
        Assert.Contains("the secret word is heron", childRecall);

        await Api.SendAsync(Http, childId, "only the child knows about otters");
        var parentRecall = Api.Text(await Api.SendAsync(Http, parent, "[[recall]]"));
        Assert.Contains("the secret word is heron", parentRecall);
        Assert.DoesNotContain("otters", parentRecall);
        await Api.SendAsync(Http, childId, "[[bash:echo child-data > note.txt]]");
        Assert.Equal("parent-data\n", await File.ReadAllTextAsync(Path.Combine(Server.WorkspaceOf(parent), "note.txt")));

        await Api.ChangeAsync(Http, childId, "delete");
        await Api.ChangeAsync(Http, parent, "delete");
    }

    [Theory]
    [InlineData("active", "pause", HttpStatusCode.OK, "paused")]
    [InlineData("paused", "pause", HttpStatusCode.OK, "paused")]
    [InlineData("stopped", "pause", HttpStatusCode.BadRequest, "stopped")]
    [InlineData("ended", "pause", HttpStatusCode.BadRequest, "ended")]
    [InlineData("active", "resume", HttpStatusCode.OK, "active")]
    [InlineData("paused", "resume", HttpStatusCode.OK, "active")]
    [InlineData("stopped", "resume", HttpStatusCode.OK, "active")]
    [InlineData("ended", "resume", HttpStatusCode.Gone, "ended")]
    [InlineData("active", "stop", HttpStatusCode.OK, "stopped")]
    [InlineData("paused", "stop", HttpStatusCode.OK, "stopped")]
    [InlineData("stopped", "stop", HttpStatusCode.OK, "stopped")]
    [InlineData("ended", "stop", HttpStatusCode.BadRequest, "ended")]
    [InlineData("active", "delete", HttpStatusCode.OK, "ended")]
    [InlineData("paused", "delete", HttpStatusCode.OK, "ended")]
    [InlineData("stopped", "delete", HttpStatusCode.OK, "ended")]
    [InlineData("ended", "delete", HttpStatusCode.OK, "ended")]
    public async Task Action_FromEachStatus_GivesTheDocumentedAnswer(string from, string action, HttpStatusCode expected, string statusAfter)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await BringToAsync(session, from);

        var (status, body) = await Api.LifecycleAsync(Http, session, action);

        Assert.True(expected == status, $"{from} + {action}: {(int)status} {body.ToJsonString()}");
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(statusAfter, body["session"]!["status"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal((int)expected, body["statusCode"]!.GetValue<int>());
            Assert.False(string.IsNullOrWhiteSpace(body["error"]!.GetValue<string>()));
        }

        Assert.Equal(statusAfter, await Api.StatusOfAsync(Http, session));
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Theory]
    [InlineData("paused")]
    [InlineData("stopped")]
    [InlineData("ended")]
    public async Task Fork_FromAnyStatus_CreatesAnActiveChild(string from)
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await BringToAsync(session, from);

        var child = await Api.ChangeAsync(Http, session, "fork", HttpStatusCode.Created);

        Assert.Equal("active", child["status"]!.GetValue<string>());
        Assert.Equal(from, await Api.StatusOfAsync(Http, session));
        await Api.ChangeAsync(Http, Guid.Parse(child["id"]!.GetValue<string>()), "delete");
    }

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("stop")]
    [InlineData("fork")]
    [InlineData("delete")]
    public async Task Action_UnknownSession_Is404(string action)
    {
        var (status, body) = await Api.LifecycleAsync(Http, Guid.NewGuid(), action);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("session_not_found", body["code"]!.GetValue<string>());
    }

    private async Task BringToAsync(Guid session, string status)
    {
        switch (status)
        {
            case "active":
                return;
            case "paused":
                await Api.ChangeAsync(Http, session, "pause");
                return;
            case "stopped":
                await Api.ChangeAsync(Http, session, "stop");
                return;
            case "ended":
                await Api.ChangeAsync(Http, session, "delete");
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }
    }
}
