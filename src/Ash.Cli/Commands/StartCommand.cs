using System.CommandLine;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash start: a local server in the background, the example agent deployed, the key printed.
internal sealed class StartCommand : AshCommand
{
    private const string ExampleAgentName = "hello-agent";
    private const int LogLinesOnFailure = 30;
    private static readonly TimeSpan s_healthTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private readonly Option<int> _port = LocalServerOptions.CreatePortOption();

    public StartCommand()
        : base("start", "Start a local server in the background and deploy the example agent")
    {
        Options.Add(_port);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var layout = context.Layout;
        var url = LocalServerOptions.LocalUrl(context.ParseResult.GetValue(_port));
        using var probe = new AshClient(url, apiKey: null);

        var running = await HealthProbe.TryGetAsync(probe, cancellationToken);
        var alreadyRunning = running is not null;
        var pid = PidFile.Read(layout.PidFile) is { } recorded && ServerLauncher.IsServerProcess(recorded) ? recorded : (int?)null;
        if (alreadyRunning)
        {
            output.WriteLine($"Ash is already running at {url}");
        }
        else
        {
            var launched = pid is null;
            if (pid is { } earlier)
            {
                output.WriteLine($"A server (pid {earlier}) was already started from {layout.DataDirectory}; waiting for it at {url}");
            }
            else
            {
                using var process = ServerLauncher.StartDetached(layout, url.Port, context.ParseResult.GetValue(GlobalOptions.ApiKey));
                pid = process.Id;
                output.WriteLine($"Starting Ash server (pid {pid}, log {layout.LogFile})");
            }

            var serverPid = pid.Value;
            running = await HealthProbe.WaitAsync(
                probe, () => !PosixProcess.IsRunning(serverPid), s_healthTimeout, s_pollInterval, TimeProvider.System, cancellationToken);
            if (running is null)
            {
                return await ReportFailedStartAsync(context, serverPid, launched, cancellationToken);
            }
        }

        var apiKey = context.FindApiKey();
        var example = alreadyRunning ? null : await DeployExampleAsync(context, url, apiKey, cancellationToken);

        if (output.IsJson)
        {
            output.WriteJson(new StartResult(url.AbsoluteUri, apiKey, pid, alreadyRunning, example), CliJsonContext.Default.StartResult);
        }

        output.WriteLine();
        output.WriteLine($"  URL      {url}");
        output.WriteLine($"  API key  {apiKey ?? $"(not found: set ASH_API_KEY or see {layout.ApiKeyFile})"}");
        output.WriteLine($"  Data     {layout.DataDirectory}");
        output.WriteLine();
        if (url.Port != LocalServerOptions.DefaultPort)
        {
            output.WriteLine($"The server is not on the default port: export ASH_SERVER_URL={url} for other commands.");
        }

        if (ModelCredentialHint.WarningFor(running) is { } warning)
        {
            output.Warning(warning);
        }

        output.WriteLine($"Next: {AshHome.CommandHint} chat {ExampleAgentName} \"Hello\"");
        return ExitCodes.Success;
    }

    private static async Task<int> ReportFailedStartAsync(CliContext context, int pid, bool launched, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var layout = context.Layout;
        if (!launched && PosixProcess.IsRunning(pid))
        {
            // Not ours to kill: it may be healthy on another port.
            output.Error($"the server started earlier (pid {pid}) does not answer on this port; stop it with '{AshHome.CommandHint} stop' or use its port");
            return ExitCodes.ServerUnavailable;
        }

        if (PosixProcess.IsRunning(pid))
        {
            output.Error($"the server did not become healthy within {s_healthTimeout.TotalSeconds:0} s; stopping it");
            await PosixProcess.TerminateAsync(pid, s_stopGrace, TimeProvider.System, cancellationToken);
        }
        else
        {
            output.Error("the server exited during start-up");
        }

        PidFile.DeleteIfOwnedBy(layout.PidFile, pid);
        var tail = LogTail.Read(layout.LogFile, LogLinesOnFailure);
        if (tail.Count > 0)
        {
            output.WriteLine($"Last lines of {layout.LogFile}:");
            foreach (var line in tail)
            {
                output.WriteLine($"  {line}");
            }
        }

        return ExitCodes.ServerUnavailable;
    }

    // Registers the repository's example by its path: the server runs on this machine and can read it.
    private static async Task<Agent?> DeployExampleAsync(CliContext context, Uri url, string? apiKey, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var folder = AshHome.Find() is { } home ? Path.Combine(home, "examples", ExampleAgentName) : null;
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
            output.WriteLine($"Deployed example agent {agent.Name} (version {agent.Version})");
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
