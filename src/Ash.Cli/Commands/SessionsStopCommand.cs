using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions stop <id>: ends the agent process and frees its sandbox slot; files and conversation stay.
internal sealed class SessionsStopCommand : SessionLifecycleCommand
{
    public SessionsStopCommand()
        : base("stop", "Stop a session's agent process, keeping its files and conversation")
    {
    }

    protected override Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken) =>
        client.StopSessionAsync(sessionId, cancellationToken);

    protected override void Describe(CliContext context, Session session)
    {
        context.Output.Line($"Stopped session {session.Id}; its files and conversation are kept");
        context.Output.Note($"Resume it with: {context.Home.CommandHint} sessions resume {session.Id}");
    }
}
