using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The session's idle-stop reminder (<see cref="SessionRuntimeOptions.IdleTimeout"/>): set when the session becomes active
/// or its last turn ends, at most one at a time. When it fires, the actor stops the session unless activity moved the
/// deadline, in which case it is set again for the new one.
/// </summary>
internal sealed class IdleStop(Guid sessionId, IReminders reminders, TimeProvider time, TimeSpan idleTimeout, ILogger logger)
{
    private int _armed;

    /// <summary>When a session last active at <paramref name="lastActiveAt"/> is due to stop.</summary>
    public DateTimeOffset DueAfter(DateTimeOffset lastActiveAt) => lastActiveAt + idleTimeout;

    /// <summary>The reminder fired: none is set any more.</summary>
    public void Fired() => Interlocked.Exchange(ref _armed, 0);

    /// <summary>Sets the reminder for <paramref name="due"/> unless one is set already.</summary>
    public async Task ArmAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _armed, 1) == 1)
        {
            return;
        }

        try
        {
            await reminders.SetAsync(SessionReminders.For(sessionId, SessionReminders.IdleStop, due), cancellationToken);
        }
        catch
        {
            Interlocked.Exchange(ref _armed, 0);
            throw;
        }
    }

    /// <summary>Sets the reminder one idle timeout from now, unless one is set; a failure is logged, not thrown.</summary>
    public async Task ArmFromNowQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ArmAsync(time.GetUtcNow() + idleTimeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            SessionLog.ReminderFailed(logger, sessionId, exception);
        }
    }
}
