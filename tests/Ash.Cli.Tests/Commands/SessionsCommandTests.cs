using System.Text.Json.Nodes;
using Ash.Cli.Tests.Infrastructure;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash sessions create|list|events|messages` and the lifecycle commands against the real server, runtime and fake model.</summary>
[Collection(nameof(ServerCollection))]
public sealed class SessionsCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Create_PrintsJustTheIdOnStdout_AndPassesTheSessionOptions()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);
        var prompt = "You are test " + Guid.NewGuid().ToString("N");

        var create = await _cli.RunAsync(
            "sessions", "create", agent,
            "--model", "claude-cli-test-model",
            "--system-prompt", prompt,
            "--mcp-config", """{"mcpServers":{"cli-test-docs":{"command":"/bin/true"}}}""",
            "-e", "COLOUR=teal");
        var session = create.Stdout.Trim();
        var exec = await _cli.RunAsync("exec", session, "echo $COLOUR");
        var send = await _cli.RunAsync("sessions", "send", session, "what model");
        var init = await _cli.RunAsync("--json", "sessions", "events", session, "--stream", "--type", "message", "--limit", "1");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(Guid.TryParse(session, out _), $"`SESSION=$(ash sessions create …)` must capture just the id: {create}");
        Assert.Contains($"chat --session {session}", create.Stderr, StringComparison.Ordinal);
        Assert.Equal("teal", exec.Stdout.Trim());
        Assert.True(send.ExitCode == 0, send.ToString());
        var request = platform.Model.Requests.Last(r => r.UserTexts.Contains("what model"));
        Assert.Contains("\"claude-cli-test-model\"", request.Body, StringComparison.Ordinal);
        Assert.Contains(prompt, request.Body, StringComparison.Ordinal);
        var firstMessage = JsonNode.Parse(CliJson.Single(init.Stdout)[0]!["data"]!.GetValue<string>())!;
        Assert.Equal("init", firstMessage["subtype"]!.GetValue<string>());
        Assert.Contains(firstMessage["mcp_servers"]!.AsArray(), server => server!["name"]!.GetValue<string>() == "cli-test-docs");
    }

    [Fact]
    public async Task Create_WithJson_PrintsTheSession()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var create = await _cli.RunAsync("sessions", "create", agent, "--json", "-m", "claude-cli-test-model");

        var session = CliJson.Single(create.Stdout);
        Assert.Equal((agent, "active", "claude-cli-test-model"), (session["agentName"]!.GetValue<string>(), session["status"]!.GetValue<string>(), session["model"]!.GetValue<string>()));
        Assert.Equal("", create.Stderr);
    }

    [Fact]
    public async Task Create_WithAnMcpConfigThatIsNeitherFileNorJson_IsAUsageError()
    {
        var run = await _cli.RunAsync("sessions", "create", "whatever", "--mcp-config", "/no/such/file.json");

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("--mcp-config", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_IsATableOnStdout_WhoseActiveRowsGrepFinds()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);
        var session = await CliSessions.CreateAsync(_cli, agent);

        var list = await _cli.RunAsync("sessions", "--agent", agent);
        var json = await _cli.RunAsync("sessions", "list", "--agent", agent, "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        var row = Assert.Single(list.StdoutLines, line => line.Contains("active", StringComparison.Ordinal));
        Assert.StartsWith(session, row, StringComparison.Ordinal);
        var sessions = JsonNode.Parse(json.Stdout)!.AsArray();
        Assert.Equal(session, Assert.Single(sessions)!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lifecycle_PauseResumeStopForkEnd_SayWhatHappenedOnStdout()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);

        var pause = await _cli.RunAsync("sessions", "pause", session);
        var resume = await _cli.RunAsync("session", "resume", session);
        var stop = await _cli.RunAsync("sessions", "stop", session);
        var fork = await _cli.RunAsync("sessions", "fork", session, "--json");
        var end = await _cli.RunAsync("sessions", "end", session);

        Assert.Equal([$"Paused session {session}"], pause.StdoutLines);
        Assert.Contains("sessions resume", pause.Stderr, StringComparison.Ordinal);
        Assert.Equal([$"Resumed session {session}"], resume.StdoutLines);
        Assert.StartsWith($"Stopped session {session}", Assert.Single(stop.StdoutLines), StringComparison.Ordinal);
        Assert.Equal(session, CliJson.Single(fork.Stdout)["parentSessionId"]!.GetValue<string>());
        Assert.Equal([$"Ended session {session}"], end.StdoutLines);
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        Assert.Equal(SessionStatus.Ended, (await client.GetSessionAsync(session, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ResumeOfAnEndedSession_IsAConflict_WithHowToGoOn()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        Assert.Equal(0, (await _cli.RunAsync("sessions", "end", session)).ExitCode);

        var resume = await _cli.RunAsync("sessions", "resume", session);

        CliAssert.FriendlyError(resume, ExitCodes.Conflict);
        Assert.Contains("sessions fork", resume.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsAndMessages_ListTheConversation_AsTablesOrJson()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        Assert.Equal(0, (await _cli.RunAsync("chat", "--session", session, "tell me")).ExitCode);

        var messages = await _cli.RunAsync("sessions", "messages", session);
        var messagesJson = await _cli.RunAsync("sessions", "messages", session, "--json");
        var events = await _cli.RunAsync("sessions", "events", session);
        var done = await _cli.RunAsync("sessions", "events", session, "--stream", "--type", "done");

        Assert.True(messages.ExitCode == 0, messages.ToString());
        Assert.Contains(messages.StdoutLines, line => line.Contains("user", StringComparison.Ordinal) && line.EndsWith("tell me", StringComparison.Ordinal));
        Assert.Contains(messages.StdoutLines, line => line.Contains("assistant", StringComparison.Ordinal) && line.Contains("Hello! You said: tell me", StringComparison.Ordinal));
        Assert.Equal(["user", "assistant"], JsonNode.Parse(messagesJson.Stdout)!.AsArray().Select(m => m!["role"]!.GetValue<string>()).Distinct());
        Assert.Contains(events.StdoutLines, line => line.Contains("turn_complete", StringComparison.Ordinal));
        Assert.Equal(2, done.StdoutLines.Count);
        Assert.Contains(" done ", done.StdoutLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownSession_IsNotFound()
    {
        var run = await _cli.RunAsync("sessions", "messages", Guid.NewGuid().ToString());

        CliAssert.FriendlyError(run, ExitCodes.NotFound);
    }

    public void Dispose() => _folder.Dispose();
}
