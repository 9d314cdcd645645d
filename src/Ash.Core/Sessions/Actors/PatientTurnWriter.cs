using Ash.Core.Errors;
using Ash.Core.Events;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Writes a turn's events through the session's <see cref="SessionEventWriter"/> and waits out a database that is busy,
/// full or restarting, with the agent's output waiting behind it, rather than ending the turn midway with part of it
/// lost. Only the actor's shutdown gives up; the session's recovery closes the turn then.
/// </summary>
internal sealed class PatientTurnWriter(SessionEventWriter events, TimeProvider time, ILogger logger)
{
    /// <param name="retryUntil">Cancelled when the actor goes: the write is not retried past it.</param>
    /// <param name="writeEvenWhenStopping">Attempt the write once even when <paramref name="retryUntil"/> is already cancelled (a turn closed at shutdown).</param>
    public async Task WriteAsync(long turn, IReadOnlyList<PendingEvent> batch, SessionCommit? commit, CancellationToken retryUntil, bool writeEvenWhenStopping = false)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await events.WriteAsync(turn, batch, commit, writeEvenWhenStopping ? CancellationToken.None : retryUntil);
                return;
            }
            catch (Exception exception) when (exception is StoreBusyException or StoreFullException or StoreUnavailableException && !retryUntil.IsCancellationRequested)
            {
                SessionLog.TurnWriteWaiting(logger, events.SessionId, turn, attempt, exception.Message);
                await Task.Delay(delay, time, retryUntil);
                delay = delay < TimeSpan.FromSeconds(5) ? delay * 2 : delay;
            }
        }
    }
}
