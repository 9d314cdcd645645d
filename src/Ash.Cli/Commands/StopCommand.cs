using Ash.Cli.LocalServer;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash stop: ends the server whose pid ash start or ash serve recorded.
internal sealed class StopCommand : AshCommand
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(10);

    public StopCommand()
        : base("stop", "Stop the local server started from the data directory (SIGTERM, SIGKILL after 10 s)")
    {
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var output = context.Output;
        var layout = context.Layout;
        var launcher = new ServerLauncher(context.Environment, context.Home);
        var pid = PidFile.Read(layout.PidFile);
        if (pid is null)
        {
            output.Line($"No server to stop: {layout.PidFile} does not exist");
            return Report(context, new StopResult(Stopped: false, Pid: null, Killed: false));
        }

        if (!launcher.IsServerProcess(pid.Value))
        {
            PidFile.DeleteIfOwnedBy(layout.PidFile, pid.Value);
            output.Line($"No server to stop: pid {pid} is not running (removed the stale {layout.PidFile})");
            return Report(context, new StopResult(Stopped: false, pid, Killed: false));
        }

        output.Note($"Stopping the Ash server (pid {pid})");
        var killed = await PosixProcess.TerminateAsync(pid.Value, s_grace, TimeProvider.System, cancellationToken);
        PidFile.DeleteIfOwnedBy(layout.PidFile, pid.Value);
        output.Line(killed ? $"Stopped the Ash server (pid {pid}): it ignored SIGTERM for {s_grace.TotalSeconds:0} s and was killed" : $"Stopped the Ash server (pid {pid})");
        return Report(context, new StopResult(Stopped: true, pid, killed));
    }

    private static int Report(CliContext context, StopResult result)
    {
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(result, CliJsonContext.Default.StopResult);
        }

        return ExitCodes.Success;
    }
}
