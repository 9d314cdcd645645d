using Ash.Client;

namespace Ash.Cli.Commands;

// ash sessions resume <id>: paused or stopped → active (a new agent process when the old one is gone).
internal sealed class SessionsResumeCommand : SessionLifecycleCommand
{
    public SessionsResumeCommand()
        : base("resume", "Make a paused or stopped session active again")
    {
    }

    protected override Task<Session> ApplyAsync(AshClient client, string sessionId, CancellationToken cancellationToken) =>
        client.ResumeSessionAsync(sessionId, cancellationToken);

    protected override void Describe(CliContext context, Session session)
    {
        context.Output.Line($"Resumed session {session.Id}");
        context.Output.Note($"Continue with: {context.Home.CommandHint} chat --session {session.Id} \"<message>\"");
    }
}
