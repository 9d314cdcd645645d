using Ash.Cli.LocalServer;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash serve: the server in the foreground, its logs on this terminal, until Ctrl+C.
internal sealed class ServeCommand : AshCommand
{
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private readonly LocalServerOptionSet _server = new();

    public ServeCommand()
        : base("serve", "Run the server in the foreground (Ctrl+C stops it)")
    {
        _server.AddTo(this);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var settings = _server.Resolve(context);
        var launcher = new ServerLauncher(context.Environment, context.Home);
        using (var probe = new AshClient(settings.Url, apiKey: null))
        {
            if (await HealthProbe.TryGetAsync(probe, cancellationToken) is not null)
            {
                throw new CliException(
                    ExitCodes.PortInUse,
                    $"an Ash server already answers at {settings.Url}",
                    $"Stop it with '{context.Home.CommandHint} stop', or pick another port with --port or ASH_PORT.");
            }
        }

        PortCheck.EnsureFree(settings);
        using var server = launcher.StartAttached(layout, settings);
        // Recorded so that `ash stop` from another terminal finds it too.
        PidFile.Write(layout.PidFile, server.Id);
        try
        {
            await server.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C on a terminal reaches the server directly (same process group); a SIGTERM sent to
            // this CLI alone does not, so pass it on either way and wait for a clean shutdown.
            await PosixProcess.TerminateAsync(server.Id, s_stopGrace, TimeProvider.System, CancellationToken.None);
            await server.WaitForExitAsync(CancellationToken.None);
        }
        finally
        {
            PidFile.DeleteIfOwnedBy(layout.PidFile, server.Id);
        }

        return server.ExitCode;
    }
}
