using Ash.Core.Agents;
using Ash.Core.Messages;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The lifecycle steps on a session's kept files and history: made for a new session, copied from a fork's parent, reaped
/// some time after the end. A step that touches the files of a session whose process is still being torn down
/// (<see cref="SandboxReleases"/>) waits for it first.
/// </summary>
internal sealed class SessionFiles(SessionActorState state, SessionAgent agent, SessionFiles.Services services)
{
    /// <summary>What the file steps use, and nothing else.</summary>
    public sealed record Services(ISandboxHost Host, IMessageStore Messages, IReminders Reminders, SandboxReleases Releases, TimeSpan Retention, TimeProvider Time);

    private Guid SessionId => state.SessionId;

    /// <summary>Makes the session's files with the agent's limits (its volume is sized by them); they may exist already (a retry, or an agent deleted since).</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var session = state.Session;
        var found = await agent.AtVersionAsync(take: false, cancellationToken);
        if (found is null)
        {
            if (await services.Host.HasFilesAsync(SessionId, cancellationToken))
            {
                return;
            }

            throw new InvalidOperationException($"agent '{session.AgentName}' no longer exists");
        }

        var config = AgentVersionConfig.Of(found);
        if (!config.IsSuccess)
        {
            throw new InvalidOperationException(config.Error.Message);
        }

        // No env is needed for files, so none is opened: the agent's env is opened only as its process starts.
        var files = new SandboxSpec(session.Id, session.TenantId, found.Name, found.Path, new Dictionary<string, string>(), session.Options) { Config = config.Value };
        await services.Host.PrepareAsync(files, cancellationToken);
    }

    public async Task CopyFromAsync(Guid parentSessionId, CancellationToken cancellationToken)
    {
        await services.Releases.WhenReleasedAsync(parentSessionId).WaitAsync(cancellationToken);
        await services.Host.ForkAsync(parentSessionId, SessionId, cancellationToken);
    }

    public Task CopyHistoryFromAsync(Guid parentSessionId, CancellationToken cancellationToken) =>
        services.Messages.CopyAsync(parentSessionId, SessionId, state.Session.TenantId, cancellationToken);

    public Task ScheduleReapAsync(CancellationToken cancellationToken) =>
        services.Reminders.SetAsync(SessionReminders.For(SessionId, SessionReminders.Reap, services.Time.GetUtcNow() + services.Retention), cancellationToken);

    public async Task DeleteAsync(CancellationToken cancellationToken)
    {
        await services.Releases.WhenReleasedAsync(SessionId).WaitAsync(cancellationToken);
        await services.Host.DeleteAsync(SessionId, cancellationToken);
    }
}
