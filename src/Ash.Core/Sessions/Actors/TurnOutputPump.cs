using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Turns;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Carries one turn's output from the agent to the session's event log and message history, within the turn's limits,
/// until the agent's result line (or its exit).
/// </summary>
internal sealed class TurnOutputPump(
    SessionActorState state,
    PatientTurnWriter writer,
    IMessageStore messages,
    InterruptEscalation escalation,
    long maxEventLogBytes,
    TimeProvider time,
    SessionMetrics? metrics,
    ILogger logger,
    CancellationToken lifetime)
{
    /// <summary>
    /// Reads the agent's output until its result line, within the turn's <paramref name="limits"/>. Returns the
    /// turn's error (or null) and the bytes of output it kept. A limit reached (time, output, a line too long,
    /// the event-log quota) asks the agent to stop the turn, as an interrupt does, so the process and its
    /// conversation stay intact; output past an output limit is not kept.
    /// </summary>
    public async Task<(TurnError? Error, long LoggedBytes)> PumpAsync(
        TurnRequest request, ISandboxProcess process, TurnLimits limits, long logBytesLeft, long turnStartedAt, Func<AgentExit, TurnError> exitError, CancellationToken cancellationToken)
    {
        var guard = new TurnGuard(limits, logBytesLeft, maxEventLogBytes, time);
        var responses = new ModelResponseCount(request.Input.Options.MaxTurns);
        var pending = new List<PendingEvent>(16);
        var historyMessages = new List<string>(2);
        var reader = process.Output;
        using var timer = new TurnTimer(guard, time, cancellationToken);
        TurnStop? stopped = null;
        var heardFirst = false;
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(stopped is null ? timer.Token : cancellationToken))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (timer.Fired)
            {
                if (timer.FellDue())
                {
                    stopped = guard.TimeStop();
                    await StopAtLimitAsync(request.Turn, process, stopped);
                }

                continue;
            }

            while (reader.TryRead(out var output))
            {
                if (stopped is null)
                {
                    timer.Heard();
                }

                AgentLine? result = null;
                string? violation = null;
                var stopNow = false;
                foreach (var line in output.Lines)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var before = pending.Count;
                    var translated = StreamJsonTranslator.Translate(line, request.Input.IncludePartialMessages, pending);
                    if (translated.Kind == AgentLineKind.Invalid)
                    {
                        violation = "the agent wrote a line that is not a JSON object";
                        break;
                    }

                    if (translated.Kind == AgentLineKind.Result)
                    {
                        result = translated;
                    }

                    // Past a limit only the turn's end is looked for; its output is no longer kept. What is never
                    // kept (partial messages the turn did not ask for, control answers) counts against nothing.
                    var kept = translated.Kind is AgentLineKind.Message or AgentLineKind.Result;
                    // A response past the message's maxTurns is stopped as it opens, before any of its output is kept.
                    var over = stopped is null ? responses.StopAt(translated.ModelResponseId) : null;
                    over ??= stopped is null && kept ? guard.TryAdd(line.Length, pending.Count - before) : null;
                    if (stopped is not null || over is not null)
                    {
                        pending.RemoveRange(before, pending.Count - before);
                        if (over is not null)
                        {
                            stopped = over;
                            stopNow = true;
                            if (over.TruncatedData is { } truncated)
                            {
                                pending.Add(new PendingEvent(EventTypes.Truncated, truncated));
                            }
                        }

                        continue;
                    }

                    if (translated.HistoryMessage is { } historyMessage)
                    {
                        historyMessages.Add(historyMessage);
                    }
                }

                if (output.LineTooLong && stopped is null && violation is null)
                {
                    // The line was dropped as it streamed past (never held whole); the stream goes on after it.
                    stopped = TurnStop.LineTooLong();
                    stopNow = true;
                    pending.Add(new PendingEvent(EventTypes.Truncated, stopped.TruncatedData));
                }

                if (!heardFirst && pending.Count > 0)
                {
                    heardFirst = true;
                    metrics?.FirstEvent(time.GetElapsedTime(turnStartedAt));
                }

                // Events first: clients see them before the history rows are written.
                await writer.WriteAsync(request.Turn, pending, null, cancellationToken);
                pending.Clear();
                foreach (var historyMessage in historyMessages)
                {
                    await messages.AppendAsync(state.SessionId, state.Session.TenantId, "assistant", historyMessage, cancellationToken);
                }

                historyMessages.Clear();

                if (violation is not null)
                {
                    SessionLog.ProtocolViolation(logger, state.SessionId, violation);
                    await process.KillAsync();
                    return (new TurnError($"The turn was stopped because {violation}"), guard.LoggedBytes);
                }

                if (result is { } finished)
                {
                    if (stopped is not null)
                    {
                        return (new TurnError(stopped.Message, stopped.Code), guard.LoggedBytes);
                    }

                    return (finished.IsError ? new TurnError(AgentErrorText.ForClient(finished.ResultText ?? "The agent reported an error")) : null, guard.LoggedBytes);
                }

                if (stopNow)
                {
                    await StopAtLimitAsync(request.Turn, process, stopped!);
                }
            }
        }

        var exit = await process.Exited;
        if (stopped is not null)
        {
            return (new TurnError(stopped.Message, stopped.Code), guard.LoggedBytes);
        }

        return (exitError(exit), guard.LoggedBytes);
    }

    /// <summary>
    /// A limit ended the turn: the agent is asked to stop it, as an interrupt does (its conversation is written
    /// out properly), and killed if it does not within the grace period; the next message then resumes it.
    /// </summary>
    private async Task StopAtLimitAsync(long turn, ISandboxProcess process, TurnStop stop)
    {
        SessionLog.TurnLimitReached(logger, state.SessionId, turn, stop.Code);
        try
        {
            await process.WriteLineAsync(UserMessageLine.ForInterrupt($"limit-{turn}"), lifetime);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            await process.KillAsync();
            return;
        }

        escalation.Schedule(turn, process);
    }
}
