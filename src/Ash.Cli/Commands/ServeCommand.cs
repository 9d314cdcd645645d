using System.CommandLine;
using Ash.Cli.LocalServer;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash serve: the server in the foreground, its output on this terminal, stopped with Ctrl+C.
internal sealed class ServeCommand : AshCommand
{
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(10);

    private readonly Option<int> _port = LocalServerOptions.CreatePortOption();

    public ServeCommand()
        : base("serve", "Run the server in the foreground (Ctrl+C stops it)")
    {
        Options.Add(_port);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var layout = context.Layout;
        var url = LocalServerOptions.LocalUrl(context.ParseResult.GetValue(_port));
        using (var probe = new AshClient(url, apiKey: null))
        {
            if (await HealthProbe.TryGetAsync(probe, cancellationToken) is not null)
            {
                throw new CliException(ExitCodes.Error, $"a server already answers at {url}; stop it with '{AshHome.CommandHint} stop' or pick another --port");
            }
        }

        using var server = ServerLauncher.StartAttached(layout, url.Port, context.ParseResult.GetValue(GlobalOptions.ApiKey));
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
