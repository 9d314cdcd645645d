using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions end <id>: ends a session for good (DELETE); ending an ended session succeeds.
internal sealed class SessionsEndCommand : SessionLifecycleCommand
{
    public SessionsEndCommand()
        : base("end", "End a session for good and release its sandbox")
    {
    }

    protected override Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken) =>
        client.EndSessionAsync(sessionId, cancellationToken);

    protected override void Describe(CliContext context, Session session) =>
        context.Output.Line($"Ended session {session.Id}");
}
