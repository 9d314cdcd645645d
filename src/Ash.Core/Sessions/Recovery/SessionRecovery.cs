using Ash.Core.Events;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Actors;
using Ash.Core.Sessions.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Recovery;

/// <summary>
/// What a server does at start-up after the previous run died (kill -9, OOM, power loss): kill the
/// agent processes it left behind, close every turn that was running (an <c>error</c> saying why,
/// then <c>done</c>, so no client waits forever and no session looks busy), and hand unfinished
/// lifecycle operations to the reminder loop, which continues each from its recorded step.
/// Sessions keep their status; their next message or resume starts a process that continues the
/// conversation from disk (--resume).
/// When actors move between hosts (<see cref="SessionRuntimeOptions.ActorsMoveBetweenHosts"/>), a turn
/// found open may be running on another replica right now: each such session's actor gets a
/// <see cref="SessionReminders.Recover"/> reminder instead, delivered wherever the actor lives, and only an
/// actor activated afresh closes the turn it finds open.
/// </summary>
public sealed class SessionRecovery(
    ISessionStore sessions,
    IEventLog events,
    IEventBus bus,
    ILifecycleStore lifecycle,
    IReminders reminders,
    ISandboxHost sandboxHost,
    SessionRuntimeOptions options,
    TimeProvider time,
    ILogger<SessionRecovery> logger)
{
    public const string InterruptedTurnError = "The turn was interrupted because the server stopped while it ran; resume the session and send the message again";

    public async Task<RecoveryReport> RunAsync(CancellationToken cancellationToken)
    {
        var reaped = await sandboxHost.ReapOrphansAsync(cancellationToken);

        var openTurns = await sessions.ListOpenTurnsAsync(cancellationToken);
        foreach (var open in openTurns)
        {
            if (options.ActorsMoveBetweenHosts)
            {
                await RemindAsync(open.SessionId, SessionReminders.Recover, cancellationToken);
                continue;
            }

            // The session's own event writer numbers the closing events, exactly as a live actor would.
            var position = await events.GetPositionAsync(open.SessionId, cancellationToken);
            var writer = new SessionEventWriter(open.SessionId, open.TenantId, position.LastSequence, events, sessions, bus, time);
            await writer.WriteAsync(
                open.Turn,
                TurnClosing.Events(open.SessionId, InterruptedTurnError),
                new SessionCommit(open.SessionId, time.GetUtcNow()) { RunningTurn = 0 },
                cancellationToken);
        }

        var unfinished = await lifecycle.ListAsync(cancellationToken);
        foreach (var progress in unfinished)
        {
            await RemindAsync(progress.SessionId, SessionReminders.Lifecycle, cancellationToken);
        }

        var report = new RecoveryReport(reaped, openTurns.Count, unfinished.Count);
        if (reaped + openTurns.Count + unfinished.Count > 0)
        {
            RecoveryLog.Recovered(logger, report.OrphanProcesses, report.ClosedTurns, report.ResumedOperations);
        }

        return report;
    }

    private Task RemindAsync(Guid sessionId, string reminder, CancellationToken cancellationToken) =>
        reminders.SetAsync(SessionReminders.For(sessionId, reminder, time.GetUtcNow()), cancellationToken);
}

public sealed record RecoveryReport(int OrphanProcesses, int ClosedTurns, int ResumedOperations);

internal static partial class RecoveryLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Recovered from an unclean stop: {OrphanProcesses} orphan agent processes killed, {ClosedTurns} interrupted turns closed, {ResumedOperations} lifecycle operations resumed")]
    public static partial void Recovered(ILogger logger, int orphanProcesses, int closedTurns, int resumedOperations);
}
