using System.CommandLine;
using System.Globalization;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash status: the server's health; exit code 3 when it does not answer.
internal sealed class StatusCommand : AshCommand
{
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(15);

    private readonly Option<int?> _port = LocalServerOptions.CreatePortOption();

    public StatusCommand()
        : base("status", "Show whether the server is up and what it is doing")
    {
        _port.Description = "Port of a local server to check instead of --server or ASH_SERVER_URL";
        Options.Add(_port);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var url = context.ParseResult.GetValue(_port) is { } port
            ? LocalServerOptions.LocalUrl(port)
            : context.ServerUrl;
        using var client = new AshClient(url, apiKey: null);
        // Asked once, so it may take a busy server's time to answer.
        if (await HealthProbe.TryGetAsync(client, cancellationToken, s_answerTimeout) is not { } health)
        {
            throw new CliException(
                ExitCodes.ServerUnavailable,
                $"no healthy Ash server answers at {url}",
                $"Start one with '{context.Home.CommandHint} start', or point at another with --server or ASH_SERVER_URL.");
        }

        if (output.IsJson)
        {
            output.WriteJson(health, CliJsonContext.Default.Health);
            return ExitCodes.Success;
        }

        var table = new TextTable(headers: null);
        table.AddRow("Ash", $"{health.Version} at {url} ({health.Status})");
        table.AddRow("Uptime", RelativeTime.Duration(TimeSpan.FromSeconds(health.Uptime)));
        table.AddRow("Sessions", health.ActiveSessions.ToString(CultureInfo.InvariantCulture) + " active");
        table.AddRow("Sandboxes", health.ActiveSandboxes.ToString(CultureInfo.InvariantCulture) + " active");
        if (health.Sandbox is { } sandbox)
        {
            table.AddRow("Isolation", $"{sandbox.Isolation}, cgroup {sandbox.Cgroup ?? "-"}, network {sandbox.Network ?? "-"}");
            if (sandbox.Runtime is { } runtime)
            {
                table.AddRow("Runtime", runtime);
            }
        }

        if (health.Pool is { } pool)
        {
            table.AddRow("Pool", string.Create(
                CultureInfo.InvariantCulture,
                $"{pool.Running} running, {pool.Waiting} waiting of at most {pool.MaxCapacity}; {pool.Warm} warm, {pool.Cold} cold"));
        }

        if (health.Model is { } model)
        {
            table.AddRow("Model", ModelCredentialHint.Describe(model, TimeProvider.System.GetUtcNow()));
        }

        if (health.Database is { } database)
        {
            table.AddRow("Database", database);
        }

        if (PidFile.Read(context.Layout.PidFile) is { } pid && new ServerLauncher(context.Environment, context.Home).IsServerProcess(pid))
        {
            table.AddRow("Pid", $"{pid} (from {context.Layout.PidFile})");
        }

        output.Table(table);
        if (ModelCredentialHint.WarningFor(health) is { } warning)
        {
            output.Warning(warning);
        }

        return ExitCodes.Success;
    }
}
