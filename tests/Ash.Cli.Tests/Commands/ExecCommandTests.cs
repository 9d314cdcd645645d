using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash exec` (and Ash's `session exec`) and `ash logs` on a real session's sandbox.</summary>
[Collection(nameof(ServerCollection))]
public sealed class ExecCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly CliAgentFolder _folder = new();
    private readonly AshCli _cli = AshCli.For(platform.Server.BaseUrl, TestServer.ApiKey);

    [Fact]
    public async Task Exec_PassesTheCommandsStreamsAndExitCodeThrough()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);

        var run = await _cli.RunAsync("exec", session, "echo out; echo err >&2; exit 3");
        var json = await _cli.RunAsync("exec", session, "echo json", "--json");

        Assert.Equal((3, "out\n", "err\n"), (run.ExitCode, run.Stdout, run.Stderr));
        Assert.Equal(0, json.ExitCode);
        var result = CliJson.Single(json.Stdout);
        Assert.Equal(("json\n", 0), (result["stdout"]!.GetValue<string>(), result["exitCode"]!.GetValue<int>()));
    }

    [Fact]
    public async Task SessionExec_TakesAshsMillisecondTimeout()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);

        var exec = await _cli.RunAsync("session", "exec", session, "echo ran", "--timeout", "30000");
        var tooLong = await _cli.RunAsync("session", "exec", session, "true", "--timeout", "300001");

        Assert.Equal((0, "ran\n"), (exec.ExitCode, exec.Stdout));
        CliAssert.FriendlyError(tooLong, ExitCodes.Usage);
        Assert.Contains("milliseconds", tooLong.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_PrintTheSandboxLogOnStdout()
    {
        var session = await CliSessions.CreateAsync(_cli, _folder);
        Assert.Equal(0, (await _cli.RunAsync("chat", "--session", session, "log something")).ExitCode);

        var logs = await _cli.RunAsync("logs", session);
        var json = await _cli.RunAsync("logs", session, "--json");

        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.NotEmpty(logs.StdoutLines);
        Assert.Equal(logs.StdoutLines.Count, json.StdoutLines.Count);
        Assert.All(json.StdoutLines, line => Assert.NotNull(System.Text.Json.Nodes.JsonNode.Parse(line)!["level"]));
    }

    public void Dispose() => _folder.Dispose();
}
