using Ash.Core.Errors;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Changing a session's options after it was created. The agent process got its options on its command line, so
/// the next turn starts a new process (which resumes the conversation from the session's <c>~/.claude</c>) when
/// they changed; a turn already running finishes with the old ones.
/// </summary>
public sealed partial class SessionActor
{
    private int _restartForOptions;

    public Task<Result<Session>> ConfigureAsync(SessionConfigChange change, CancellationToken cancellationToken) =>
        UnderGateAsync<Result<Session>>(async () =>
        {
            if (Session.Status == SessionStatus.Ended)
            {
                return AshError.Gone("Session has ended; its config can no longer change");
            }

            var options = change.ApplyTo(Session.Options);
            await _context.Sessions.CommitAsync(new SessionCommit(SessionId, Session.LastActiveAt) { Options = options }, [], cancellationToken);
            Volatile.Write(ref _session, Session with { Options = options });
            Volatile.Write(ref _restartForOptions, 1);
            return Session;
        }, cancellationToken);

    /// <summary>Before a turn: the process still runs with options changed since it started, so it makes way for a new one.</summary>
    private async Task RestartIfReconfiguredAsync()
    {
        if (Interlocked.Exchange(ref _restartForOptions, 0) == 1 && HasLiveProcess)
        {
            await KillProcessAsync();
        }
    }
}
