using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash start: a local server in the background, the example agent deployed, how to reach it printed.
internal sealed class StartCommand : AshCommand
{
    private const string ExampleAgentName = "hello-agent";
    private static readonly TimeSpan s_healthTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private readonly LocalServerOptionSet _server = new();

    public StartCommand()
        : base("start", "Start a local server in the background and deploy the example agent")
    {
        _server.AddTo(this);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var layout = context.Layout;
        var settings = _server.Resolve(context);
        var launcher = new ServerLauncher(context.Environment, context.Home);
        var url = settings.Url;
        using var probe = new AshClient(url, apiKey: null);

        var running = await HealthProbe.TryGetAsync(probe, cancellationToken);
        var alreadyRunning = running is not null;
        var pid = PidFile.Read(layout.PidFile) is { } recorded && launcher.IsServerProcess(recorded) ? recorded : (int?)null;
        var keyFileExisted = File.Exists(layout.ApiKeyFile);
        if (alreadyRunning)
        {
            output.Note($"Ash is already running at {url}");
        }
        else
        {
            var launched = pid is null;
            var logStart = ServerLog.Length(layout.LogFile);
            if (pid is { } earlier)
            {
                output.Note($"A server (pid {earlier}) was already started from {layout.DataDirectory}; waiting for it at {url}");
            }
            else
            {
                PortCheck.EnsureFree(settings);
                using var process = launcher.StartDetached(layout, settings);
                pid = process.Id;
                output.Note($"Starting the Ash server (pid {pid}, log {layout.LogFile})");
            }

            var serverPid = pid.Value;
            running = await HealthProbe.WaitAsync(
                probe, () => !PosixProcess.IsRunning(serverPid), s_healthTimeout, s_pollInterval, TimeProvider.System, cancellationToken);
            if (running is null)
            {
                await StopFailedStartAsync(context, serverPid, launched, cancellationToken);
                throw new CliException(ExitCodes.ServerUnavailable, FailedStartMessage(serverPid, launched), ServerLog.Since(layout.LogFile, logStart));
            }
        }

        var apiKey = context.FindApiKey();
        var example = alreadyRunning ? null : await DeployExampleAsync(context, url, apiKey, cancellationToken);
        var generatedKey = !keyFileExisted && File.Exists(layout.ApiKeyFile) ? apiKey : null;
        var keyFile = File.Exists(layout.ApiKeyFile) ? layout.ApiKeyFile : null;

        if (output.IsJson)
        {
            output.WriteJson(
                new StartResult(url.AbsoluteUri, generatedKey, keyFile, layout.DataDirectory, pid, alreadyRunning, example),
                CliJsonContext.Default.StartResult);
            return ExitCodes.Success;
        }

        output.Line($"Ash is running at {url}");
        output.Line($"  API key  {DescribeKey(context, generatedKey, keyFile)}");
        output.Line($"  Data     {layout.DataDirectory}");
        output.Line($"  Log      {layout.LogFile}");
        if (ModelCredentialHint.WarningFor(running) is { } warning)
        {
            output.Warning(warning);
        }

        output.Line($"Next: {NextCommand(context, url)} chat {ExampleAgentName} \"Hello\"");
        if (settings.ApiKey is not null && context.Environment.Variable("ASH_API_KEY") is null)
        {
            output.Line("      (other commands need the key you gave: pass --api-key or set ASH_API_KEY)");
        }

        return ExitCodes.Success;
    }

    // Printed in full only when this start generated it: a secret belongs on screen once, not at every start.
    private static string DescribeKey(CliContext context, string? generatedKey, string? keyFile)
    {
        if (generatedKey is not null)
        {
            return $"{generatedKey}  (new; shown once, kept in {keyFile})";
        }

        if (context.ParseResult.GetValue(GlobalOptions.ApiKey) is not null)
        {
            return "the one given with --api-key";
        }

        if (context.Environment.Variable("ASH_API_KEY") is not null)
        {
            return "the one in ASH_API_KEY";
        }

        return keyFile is not null ? $"in {keyFile}" : $"(not found: set ASH_API_KEY, or see {context.Layout.ApiKeyFile})";
    }

    // The CLI with the options another command needs to reach this server and read its key: what is
    // not already its default (--data, ASH_DATA_DIR; --server, ASH_SERVER_URL, ASH_PORT).
    private static string NextCommand(CliContext context, Uri url)
    {
        var command = context.Home.CommandHint;
        var defaultData = Path.GetFullPath(context.Environment.Variable("ASH_DATA_DIR") ?? "data");
        if (!string.Equals(context.DataDirectory, defaultData, StringComparison.Ordinal))
        {
            command += $" --data {ShellWord(context.DataDirectory)}";
        }

        var defaultServer = context.Environment.Variable("ASH_SERVER_URL") is { } configured && Uri.TryCreate(configured, UriKind.Absolute, out var server)
            ? server
            : LocalServerOptions.LocalUrl(LocalServerOptions.PortFrom(null, context.Environment));
        if (!Uri.Equals(defaultServer, url))
        {
            command += $" --server {url}";
        }

        return command;
    }

    private static string ShellWord(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ':' or '=' or '@')
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FailedStartMessage(int pid, bool launched) =>
        !launched && PosixProcess.IsRunning(pid)
            ? $"the server started earlier (pid {pid}) does not answer on this port"
            : PosixProcess.IsRunning(pid)
                ? $"the server did not become healthy within {s_healthTimeout.TotalSeconds:0} s and was stopped"
                : "the server exited during start-up";

    private static async Task StopFailedStartAsync(CliContext context, int pid, bool launched, CancellationToken cancellationToken)
    {
        // One started earlier is not ours to kill: it may be healthy on another port.
        if (launched && PosixProcess.IsRunning(pid))
        {
            await PosixProcess.TerminateAsync(pid, s_stopGrace, TimeProvider.System, cancellationToken);
        }

        if (launched || !PosixProcess.IsRunning(pid))
        {
            PidFile.DeleteIfOwnedBy(context.Layout.PidFile, pid);
        }
    }

    // Registers the repository's example by its path: the server runs on this machine and can read it.
    private static async Task<Agent?> DeployExampleAsync(CliContext context, Uri url, string? apiKey, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var folder = context.Home.Find() is { } home ? Path.Combine(home, "examples", ExampleAgentName) : null;
        if (folder is null || !File.Exists(Path.Combine(folder, "CLAUDE.md")))
        {
            output.Warning($"example agent not found{(folder is null ? "" : $" at {folder}")}; skipping its deploy");
            return null;
        }

        if (apiKey is null)
        {
            output.Warning($"no API key found (--api-key, ASH_API_KEY or {context.Layout.ApiKeyFile}); skipping the example agent's deploy");
            return null;
        }

        using var client = new AshClient(url, apiKey);
        try
        {
            var agent = await client.DeployAgentAsync(ExampleAgentName, folder, cancellationToken);
            output.Note($"Deployed the example agent {agent.Name} (version {agent.Version})");
            return agent;
        }
        catch (AshApiException ex)
        {
            // The server is up and usable without the example, so this is not a failed start.
            output.Warning($"could not deploy the example agent: {ex.Message}");
            return null;
        }
    }
}
