using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions pause <id>: active → paused; the session refuses messages until it is resumed.
internal sealed class SessionsPauseCommand : SessionLifecycleCommand
{
    public SessionsPauseCommand()
        : base("pause", "Pause a session: it refuses messages until resumed")
    {
    }

    protected override Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken) =>
        client.PauseSessionAsync(sessionId, cancellationToken);

    protected override void Describe(CliContext context, Session session)
    {
        context.Output.Line($"Paused session {session.Id}");
        context.Output.Note($"Resume it with: {context.Home.CommandHint} sessions resume {session.Id}");
    }
}
