using System.Text.Json.Nodes;
using Ash.Cli.Tests.Infrastructure;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash chat` (and `sessions send`) against the real server, the real agent binary and the fake model.</summary>
[Collection(nameof(ServerCollection))]
public sealed class ChatCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Chat_PrintsTheAnswerAloneOnStdout_AndHowToContinueOnStderr()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var run = await _cli.RunAsync("chat", agent, "What can you do?");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hello! You said: What can you do?\n", run.Stdout);
        Assert.Contains("continue with: ", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("error", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ShowsTheModelsRetriesOnStderrAsTheyHappen_ThenTheAnswer()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var run = await _cli.RunAsync("chat", agent, "[[overloaded:2]] are you there");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hello! You said: [[overloaded:2]] are you there\n", run.Stdout);
        var retries = run.StderrLines.Where(line => line.StartsWith("model answered", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Matches(@"^model answered 529, retry 1/10 in \d+ s$", retries[0]);
        Assert.Matches(@"^model answered 529, retry 2/10 in \d+ s$", retries[1]);
    }

    [Fact]
    public async Task Chat_ToAFailingModel_PrintsItsErrorOnceOnStderr_WithoutTheSandboxInternalAddress_AndExitsAgentError()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var run = await _cli.RunAsync("chat", agent, "[[error:500]] fail please");

        Assert.True(run.ExitCode == ExitCodes.AgentError, run.ToString());
        Assert.Equal("", run.Stdout);
        var error = Assert.Single(run.StderrLines, line => line.Contains("API Error", StringComparison.Ordinal));
        Assert.StartsWith("error: API Error: 500", error, StringComparison.Ordinal);
        Assert.DoesNotContain("inference gateway (127.0.0.1", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("model upstream (ANTHROPIC_BASE_URL", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ToAFailingModel_WithJson_StreamsEveryEventOnStdout_AndTheFailureOnStderr()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var run = await _cli.RunAsync("--json", "chat", agent, "[[error:500]] fail as json");

        Assert.True(run.ExitCode == ExitCodes.AgentError, run.ToString());
        var events = run.StdoutLines.Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(AshEventTypes.SessionStart, events[0]["type"]!.GetValue<string>());
        Assert.Equal([AshEventTypes.Error, AshEventTypes.Done], events[^2..].Select(e => e["type"]!.GetValue<string>()));
        var failure = CliJson.Single(run.Stderr);
        Assert.Equal(("agent_error", ExitCodes.AgentError), (failure["code"]!.GetValue<string>(), failure["exitCode"]!.GetValue<int>()));
        Assert.StartsWith("API Error: 500", failure["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatWithEnd_AnswersThenEndsTheSession()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);

        var run = await _cli.RunAsync("chat", agent, "one and done", "--end");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Hello! You said: one and done\n", run.Stdout);
        var ended = Assert.Single(run.StderrLines, line => line.StartsWith("Ended session ", StringComparison.Ordinal))["Ended session ".Length..];
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        Assert.Equal(SessionStatus.Ended, (await client.GetSessionAsync(ended, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task ChatWithSession_ContinuesIt_AndRefusesOptionsOfANewSession()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);
        var session = (await _cli.RunAsync("sessions", "create", agent)).Stdout.Trim();

        var first = await _cli.RunAsync("chat", "--session", session, "[[recall]] first");
        var second = await _cli.RunAsync("chat", "-s", session, "[[recall]] second");
        var withModel = await _cli.RunAsync("chat", "--session", session, "hi", "--model", "other");
        var bothWords = await _cli.RunAsync("chat", "--session", session, agent, "hi");

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("first", second.Stdout, StringComparison.Ordinal);
        Assert.True(first.ExitCode == 0, first.ToString());
        CliAssert.FriendlyError(withModel, ExitCodes.Usage);
        Assert.Contains("--model applies to a new session", withModel.Stderr, StringComparison.Ordinal);
        CliAssert.FriendlyError(bothWords, ExitCodes.Usage);
    }

    [Fact]
    public async Task SessionsSend_WithRaw_PrintsEveryEventAsJson()
    {
        var agent = await CliSessions.DeployAsync(_cli, _folder);
        var session = (await _cli.RunAsync("sessions", "create", agent)).Stdout.Trim();

        var raw = await _cli.RunAsync("session", "send", session, "raw please", "--raw");

        Assert.True(raw.ExitCode == 0, raw.ToString());
        Assert.All(raw.StdoutLines, line => Assert.NotNull(JsonNode.Parse(line)!["type"]));
        Assert.Equal(AshEventTypes.Done, JsonNode.Parse(raw.StdoutLines[^1])!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Chat_WithAWrongKey_IsUnauthorized_AndNeverPrintsTheKey()
    {
        const string wrongKey = "ash_wrong_key_5f0c2b9e8d7a6f5e4d3c2b1a";
        var run = await AshCli.For(platform.Server.BaseUrl, wrongKey).RunAsync("chat", "hello-agent", "Hello");
        var json = await AshCli.For(platform.Server.BaseUrl, wrongKey).RunAsync("--json", "sessions");

        CliAssert.FriendlyError(run, ExitCodes.Unauthorized);
        Assert.Contains("refused the API key", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, run.Stderr, StringComparison.Ordinal);
        var (_, _, exitCode, statusCode) = CliJson.Failure(json);
        Assert.Equal((ExitCodes.Unauthorized, 401), (exitCode, statusCode));
    }

    public void Dispose() => _folder.Dispose();
}
