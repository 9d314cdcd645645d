using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions fork <id>: a new active session with a copy of this one's workspace and conversation.
// --json prints the new (child) session.
internal sealed class SessionsForkCommand : SessionLifecycleCommand
{
    public SessionsForkCommand()
        : base("fork", "Start a new session from a copy of a session's files and conversation")
    {
    }

    protected override Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken) =>
        client.ForkSessionAsync(sessionId, cancellationToken);

    protected override void Describe(CliContext context, Session session)
    {
        context.Output.Line($"Forked session {session.ParentSessionId} as {session.Id}");
        context.Output.Note($"Continue the fork with: {context.Home.CommandHint} chat --session {session.Id} \"<message>\"");
    }
}
