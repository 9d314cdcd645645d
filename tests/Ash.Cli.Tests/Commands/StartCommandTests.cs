using System.Globalization;
using Ash.Cli.Tests.Infrastructure;
using Ash.Testing.Ports;
using Ash.Testing.Server;

namespace Ash.Cli.Tests.Commands;

/// <summary>`ash start`, `ash stop` and `ash serve` running the built server (ash-server.dll) as a user's shell would.</summary>
[Collection(nameof(ServerCollection))]
public sealed class StartCommandTests(PlatformFixture platform) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ash-tests", "cli-start-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Start_TakesAshPortAndDatabase_PrintsANextCommandThatWorks_AndAshApiKeyThenSetsTheKey()
    {
        var port = FreePort.Next();
        var cli = LocalServerCli().With("ASH_PORT", port.ToString(CultureInfo.InvariantCulture));
        var database = Path.Combine(_data, "elsewhere.db");
        try
        {
            var start = await cli.RunAsync("start", "--data", _data, "--database", database);

            Assert.True(start.ExitCode == 0, start.ToString());
            Assert.Equal($"Ash is running at http://127.0.0.1:{port}/", start.StdoutLines[0]);
            var keyLine = start.StdoutLines.Single(line => line.StartsWith("API key", StringComparison.Ordinal));
            Assert.Contains("(new; shown once", keyLine, StringComparison.Ordinal);
            var generatedKey = keyLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
            Assert.True(File.Exists(database), $"--database {database} was not used");
            Assert.Contains("Starting the Ash server", start.Stderr, StringComparison.Ordinal);

            // What start says to run next works as printed, in the same shell: it names --data, where the key is.
            var next = start.StdoutLines.Single(line => line.StartsWith("Next: ", StringComparison.Ordinal));
            var chat = await cli.RunAsync(ShellWords(next)[2..]);
            Assert.True(chat.ExitCode == 0, $"{next}\n{chat}");
            Assert.Equal("Hello! You said: Hello\n", chat.Stdout);
            Assert.True((await cli.RunAsync("--data", _data, "stop")).ExitCode == 0);

            // ASH_API_KEY sets the key: the generated one (and its file) are gone.
            var configuredKey = "ash_configured_" + Guid.NewGuid().ToString("N");
            var restart = await cli.With("ASH_API_KEY", configuredKey).RunAsync("start", "--data", _data, "--database", database);
            var oldKey = await cli.RunAsync("--data", _data, "--api-key", generatedKey, "agents");
            var newKey = await cli.With("ASH_API_KEY", configuredKey).RunAsync("--data", _data, "agents");

            Assert.True(restart.ExitCode == 0, restart.ToString());
            Assert.Contains("API key  the one in ASH_API_KEY", restart.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(configuredKey, restart.Stdout + restart.Stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(_data, "api-key")));
            CliAssert.FriendlyError(oldKey, ExitCodes.Unauthorized);
            Assert.True(newKey.ExitCode == 0, newKey.ToString());
            Assert.Contains(newKey.StdoutLines, line => line.StartsWith("hello-agent ", StringComparison.Ordinal));
        }
        finally
        {
            await cli.RunAsync("--data", _data, "stop");
        }
    }

    [Fact]
    public async Task Start_WithDiskVolumesFalse_RunsTheServerWithAPerFileLimit()
    {
        var port = FreePort.Next();
        var cli = LocalServerCli().With("ASH_PORT", port.ToString(CultureInfo.InvariantCulture));
        try
        {
            var start = await cli.RunAsync("start", "--data", _data, "--disk-volumes", "false");

            Assert.True(start.ExitCode == 0, start.ToString());
            using var http = new HttpClient();
            var health = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/health"))!;
            var limits = health["sandbox"]!["limits"]!;
            Assert.Equal("file-size-limit", limits["disk"]!.GetValue<string>());
            Assert.False(limits["diskQuotaEnforced"]!.GetValue<bool>());
        }
        finally
        {
            await cli.RunAsync("--data", _data, "stop");
        }
    }

    [Theory]
    [InlineData("start")]
    [InlineData("serve")]
    public async Task StartOrServe_OnAPortAnotherProgramHolds_SaysSoInOneLine_AndStartsNothing(string command)
    {
        using var holder = ClosedPort.Hold();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var run = await LocalServerCli().RunAsync(command, "--port", port, "--data", _data);

        CliAssert.FriendlyError(run, ExitCodes.PortInUse);
        Assert.Equal($"error: port {port} on 127.0.0.1 is in use by another program", run.StderrLines[0]);
        Assert.Equal(2, run.StderrLines.Count);
        Assert.False(File.Exists(Path.Combine(_data, "server.pid")));
    }

    [Fact]
    public async Task Start_WithAnAshPortThatIsNoPort_IsAUsageError()
    {
        var run = await LocalServerCli().With("ASH_PORT", "http").RunAsync("start", "--data", _data);

        CliAssert.FriendlyError(run, ExitCodes.Usage);
        Assert.Contains("ASH_PORT must be a port number between 1 and 65535, not 'http'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_WithNoServer_SaysSo()
    {
        var run = await LocalServerCli().RunAsync("--data", _data, "stop", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.False(CliJson.Single(run.Stdout)["stopped"]!.GetValue<bool>());
    }

    public void Dispose()
    {
        HostMounts.DetachBelow(_data);
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }

    // What ./ash gives the CLI: the checkout, the server build, the agent runtime; and the model in the environment.
    private AshCli LocalServerCli() => AshCli.Clean()
        .With("ASH_HOME", RepositoryPaths.Root)
        .With("ASH_SERVER_DLL", RepositoryPaths.ServerAssembly)
        .With("ASH_CLAUDE_PATH", RepositoryPaths.ClaudeBinary)
        .With("ANTHROPIC_BASE_URL", platform.Model.BaseUrl.ToString())
        .With("ANTHROPIC_API_KEY", PlatformFixture.RealModelKey)
        .With("Ash__Sandbox__Volumes__PoolSize", "1")
        .With("Logging__LogLevel__Default", "Warning");

    // A printed command line split as a shell would: words, with "double quotes" kept together.
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0)
                {
                    words.Add(word.ToString());
                    word.Clear();
                }
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
