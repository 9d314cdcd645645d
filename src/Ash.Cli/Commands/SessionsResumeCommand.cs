using Ash.Cli.LocalServer;
using Ash.Cli.Output;
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

    protected override void Describe(CliOutput output, Session session)
    {
        output.WriteLine($"Resumed session {session.Id}");
        output.WriteLine($"Continue with: {AshHome.CommandHint} chat --session {session.Id} \"<message>\"");
    }
}
