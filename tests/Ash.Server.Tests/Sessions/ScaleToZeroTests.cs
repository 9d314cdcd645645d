using System.Net;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sessions;

/// <summary>A server whose idle timeout is two seconds and which removes an ended session's files at once.</summary>
public sealed class ScaleToZeroFixture : PlatformFixture
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Ash:Sessions:IdleTimeout"] = "00:00:02",
        ["Ash:Sessions:FileRetention"] = "00:00:00",
    };
}

/// <summary>Idle sessions lose their process but keep their files and memory; ended sessions lose their files after the retention.</summary>
public sealed class ScaleToZeroTests(ScaleToZeroFixture platform) : IClassFixture<ScaleToZeroFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private HttpClient Http => platform.Server.Http;

    [Fact]
    public async Task IdleSession_IsStopped_AndColdResumeRemembersEarlierTurns()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "my favourite colour is teal");
        var pid = await SandboxProcess.WaitForPidAsync(platform.Server.DataDirectory, session, Patience);

        await Api.WaitForStatusAsync(Http, session, "stopped", Patience);

        Assert.False(SandboxProcess.IsAlive(pid), "the idle timeout kills the agent process");
        var statuses = await Api.EventsOfTypeAsync(Http, session, "status");
        Assert.Equal("idle", statuses[^1]["reason"]!.GetValue<string>());
        Assert.True(Directory.Exists(platform.Server.WorkspaceOf(session)), "files stay after an idle stop");

        await Api.ChangeAsync(Http, session, "resume");
        var recalled = Api.Text(await Api.SendAsync(Http, session, "[[recall]]"));

        Assert.Contains("my favourite colour is teal", recalled);
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task IdleStoppedSession_WakesOnTheNextMessage_AndRemembers()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "my favourite colour is amber");
        await Api.WaitForStatusAsync(Http, session, "stopped", Patience);

        var frames = await Api.SendAsync(Http, session, "[[recall]]");

        Assert.DoesNotContain(frames, f => f.Event == "error");
        Assert.Contains("my favourite colour is amber", Api.Text(frames));
        var statuses = await Api.EventsOfTypeAsync(Http, session, "status");
        Assert.Equal(["active", "stopped", "active"], statuses.Select(s => s["status"]!.GetValue<string>()).TakeLast(3));
        var lifecycle = await Api.EventsOfTypeAsync(Http, session, "lifecycle");
        Assert.Equal("resumed", lifecycle[^1]["action"]!.GetValue<string>());
        await Api.ChangeAsync(Http, session, "delete");
    }

    [Fact]
    public async Task EndedSession_FilesRemovedAfterRetention_ForkIsGone()
    {
        var session = await Api.CreateSessionAsync(Http, await Api.DeployAgentAsync(Http));
        await Api.SendAsync(Http, session, "[[bash:echo soon-gone > file.txt]]");

        await Api.ChangeAsync(Http, session, "delete");

        await Eventually.TrueAsync(() => !Directory.Exists(platform.Server.WorkspaceOf(session)), "the ended session's files to be removed", Patience);

        var (status, body) = await Api.LifecycleAsync(Http, session, "fork");
        Assert.Equal(HttpStatusCode.Gone, status);
        Assert.Equal("session_files_removed", body["code"]!.GetValue<string>());
        Assert.Equal("ended", await Api.StatusOfAsync(Http, session));
    }
}
