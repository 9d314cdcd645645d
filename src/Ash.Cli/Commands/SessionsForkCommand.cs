using Ash.Cli.LocalServer;
using Ash.Cli.Output;
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

    protected override void Describe(CliOutput output, Session session)
    {
        output.WriteLine($"Forked session {session.ParentSessionId} as {session.Id}");
        output.WriteLine($"Continue the fork with: {AshHome.CommandHint} chat --session {session.Id} \"<message>\"");
    }
}
