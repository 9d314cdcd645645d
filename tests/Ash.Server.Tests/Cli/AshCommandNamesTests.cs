using System.Text.Json.Nodes;
using Ash.Client;
using Ash.Server.Tests.Infrastructure;

namespace Ash.Server.Tests.Cli;

/// <summary>
/// Ash's CLI command names (`ash session create|send|list|tail|exec|…`, `ash agent list|info|delete`,
/// `ash health`, `ash deploy -e`, `ash chat --end`) run as its documentation writes them, against the
/// real server, runtime and fake model.
/// </summary>
public sealed class AshCommandNamesTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IDisposable
{
    private readonly string _folder = NewAgentFolder();

    [Fact]
    public async Task TheDocumentedOnboarding_DeployCreateSendPauseResumeEnd_WorksVerbatim()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var deploy = await Ash("deploy", _folder, "--name", name, "-e", "FROM_FLAG=1");
        var list = await Ash("agent", "list");
        var create = await Ash("session", "create", name);
        var session = create.Stdout.Trim();
        var send = await Ash("session", "send", session, "Write a prime number checker");
        var sessions = await Ash("session", "list");
        var pause = await Ash("session", "pause", session);
        var resume = await Ash("session", "resume", session);
        var end = await Ash("session", "end", session);

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains(name, list.Stderr + list.Stdout, StringComparison.Ordinal);
        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.True(Guid.TryParse(session, out _), $"`SESSION=$(ash session create …)` must capture just the id: {create}");
        Assert.True(send.ExitCode == 0, send.ToString());
        Assert.Contains("Hello! You said: Write a prime number checker", send.Stdout, StringComparison.Ordinal);
        Assert.Contains(session, sessions.Stderr, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), (pause.ExitCode, resume.ExitCode, end.ExitCode));
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        Assert.Equal(SessionStatus.Ended, (await client.GetSessionAsync(session, TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Deploy_TakesEnvFromDotEnvThenDotEnvLocalThenFlags_AndNeverUploadsTheEnvFiles()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];

        var deploy = await Ash("deploy", _folder, "--name", name, "-e", "FROM_FLAG=flag", "-e", "OVERRIDDEN=flag");
        var info = await Ash("--json", "agent", "info", name);
        var agent = JsonNode.Parse(info.Stdout)!;
        var env = agent["env"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal).ToList();
        var stored = agent["path"]!.GetValue<string>();

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal(["FROM_DOTENV", "FROM_FLAG", "FROM_LOCAL", "OVERRIDDEN"], env);
        Assert.All(agent["env"]!.AsObject(), pair => Assert.Equal("***", pair.Value!.GetValue<string>()));
        Assert.True(File.Exists(Path.Combine(stored, "CLAUDE.md")));
        Assert.False(File.Exists(Path.Combine(stored, ".env")));
        Assert.False(File.Exists(Path.Combine(stored, ".env.local")));
    }

    [Fact]
    public async Task SessionExec_TakesAshsMillisecondTimeout_AndTailReplaysTheEndedSessionsEvents()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await Ash("deploy", _folder, "--name", name)).ExitCode);
        var session = (await Ash("session", "create", name, "-e", "COLOUR=teal")).Stdout.Trim();

        var exec = await Ash("session", "exec", session, "echo ran-$COLOUR", "--timeout", "30000");
        var tooLong = await Ash("session", "exec", session, "true", "--timeout", "300001");
        var send = await Ash("session", "send", session, "tail me");
        Assert.Equal(0, (await Ash("session", "end", session)).ExitCode);
        var tail = await Ash("session", "tail", session, "--type", "done");

        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Equal("ran-teal", exec.Stdout.Trim());
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Contains("milliseconds", tooLong.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, send.ExitCode);
        Assert.True(tail.ExitCode == 0, tail.ToString());
        var lines = tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Equal("done", line.Split(' ')[1]));
    }

    [Fact]
    public async Task ChatWithEnd_AnswersThenEndsTheSession_AndAgentDeleteRemovesTheAgent()
    {
        var name = "cli-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(0, (await Ash("deploy", _folder, "--name", name)).ExitCode);

        var chat = await Ash("chat", name, "one and done", "--end");
        var delete = await Ash("agent", "delete", name);
        var gone = await Ash("agent", "info", name);

        Assert.True(chat.ExitCode == 0, chat.ToString());
        Assert.Contains("Hello! You said: one and done", chat.Stdout, StringComparison.Ordinal);
        var ended = chat.Stderr.Split('\n').Single(line => line.StartsWith("Ended session ", StringComparison.Ordinal))["Ended session ".Length..].Trim();
        using var client = new AshClient(platform.Server.BaseUrl, TestServer.ApiKey);
        Assert.Equal(SessionStatus.Ended, (await client.GetSessionAsync(ended, TestContext.Current.CancellationToken)).Status);
        Assert.Equal(0, delete.ExitCode);
        Assert.Equal(6, gone.ExitCode);
    }

    [Fact]
    public async Task Health_PrintsTheServersHealthAsJson_AndBadEnvPairsAreUsageErrors()
    {
        var health = await Ash("health");
        var badPair = await Ash("session", "create", "whatever", "-e", "NO_EQUALS_SIGN");

        Assert.True(health.ExitCode == 0, health.ToString());
        Assert.Equal("ok", JsonNode.Parse(health.Stdout)!["status"]!.GetValue<string>());
        Assert.Equal(2, badPair.ExitCode);
        Assert.Contains("'NO_EQUALS_SIGN' is not KEY=VALUE", badPair.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<CliRun> Ash(params string[] arguments) =>
        CliRun.RunAsync(platform.Server.BaseUrl, TestServer.ApiKey, _folder, arguments);

    // The example agent, with the env files Ash's CLI reads on deploy.
    private static string NewAgentFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ash-tests", "cli-agent-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.ExampleAgent, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(RepositoryPaths.ExampleAgent, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(Path.Combine(folder, ".env"), "# read first\nFROM_DOTENV=1\nexport OVERRIDDEN=\"dotenv\"\n");
        File.WriteAllText(Path.Combine(folder, ".env.local"), "FROM_LOCAL='2'\nOVERRIDDEN=local\n");
        return folder;
    }
}
