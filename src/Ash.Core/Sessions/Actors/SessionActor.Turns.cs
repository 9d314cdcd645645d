using System.Diagnostics;
using System.Threading.Channels;
using Ash.Core.Agents;
using Ash.Core.Budgets;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Turns;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions.Actors;

/// <summary>Turns: a bounded FIFO of messages, run one at a time; every turn ends with <c>done</c>, after <c>error</c> when it failed.</summary>
public sealed partial class SessionActor
{
    public const int MaxQueuedTurns = 32;

    private const string InternalErrorText = "The turn failed because of an internal error; see the server log";

    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);

    private readonly Channel<TurnRequest> _queue = Channel.CreateUnbounded<TurnRequest>(new UnboundedChannelOptions { SingleReader = true });
    private long _lastTurn;

    /// <summary>Agent output in the session's event log (the row's count, plus each turn closed since).</summary>
    private long _logBytes;
    private int _queued;
    private long _runningTurn;
    private int _interruptRequested;
    private Task _interruptEscalation = Task.CompletedTask;
    private long _escalatingTurn;

    /// <summary>When the running turn started (<see cref="TimeProvider.GetTimestamp"/>), for its duration; 0 between turns.</summary>
    private long _turnStartedAt;

    /// <summary>The running turn's span, or null (between turns, or when no tracer listens).</summary>
    private Activity? _turnSpan;

    /// <summary>Why turns may not run now (an <see cref="ActorHalt"/>, read and written whole), <see cref="ActorHalt.None"/> while they may.</summary>
    private int _halt;

    private ActorHalt Halt => (ActorHalt)Volatile.Read(ref _halt);

    private void SetHalt(ActorHalt halt) => Volatile.Write(ref _halt, (int)halt);

    /// <summary>Halts turns for <paramref name="halt"/> unless they are halted already (the first reason stays).</summary>
    private void HaltUnlessHalted(ActorHalt halt) => Interlocked.CompareExchange(ref _halt, (int)halt, (int)ActorHalt.None);

    /// <summary>The agent's <c>turns</c> settings, read with its ash.json when the process starts (or on first need).</summary>
    private AgentTurnLimits? _agentTurnLimits;

    /// <summary>
    /// Stores the user message and queues its turn. <paramref name="subscribe"/> runs with the turn
    /// number before the turn can start, so a caller that subscribes there misses none of its events.
    /// </summary>
    public async Task<Result<(TurnTicket Ticket, T Subscription)>> EnqueueAsync<T>(TurnInput input, Func<long, T> subscribe, CancellationToken cancellationToken)
        where T : IDisposable
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Session.Status == SessionStatus.Stopped && !HasMovedAway)
            {
                // Scale to zero: a stopped session (idle, capacity or asked) wakes on its next message with a
                // cold resume; a paused one keeps refusing until it is resumed.
                var woken = await ResumeHoldingGateAsync(cancellationToken);
                if (!woken.IsSuccess)
                {
                    return woken.Error;
                }
            }

            if (NotActive() is { } notActive)
            {
                return notActive;
            }

            if (Volatile.Read(ref _queued) >= MaxQueuedTurns)
            {
                _context.Metrics?.CapacityRefused(SessionMetrics.TurnQueue);
                return AshError.Capacity($"Session already has {MaxQueuedTurns} messages waiting; retry when a turn finishes");
            }

            if (LogBytesLeft() == 0)
            {
                return AshError.InsufficientStorage(
                    $"The session's event log reached its quota ({_context.Options.MaxEventLogBytes / ResourceLimits.MiB} MiB, Ash:Sessions:MaxEventLogBytes); fork the session to go on with its conversation",
                    "event_log_full");
            }

            // The turn may start a process: make sure there is room for it before acknowledging.
            if (await ReserveSlotUnlessLiveAsync(cancellationToken) is { } full)
            {
                return full;
            }

            var message = await _context.Messages.AppendAsync(SessionId, Session.TenantId, "user", UserHistoryMessage.For(input.HistoryContentJson ?? input.ContentJson), cancellationToken);
            var turn = ++_lastTurn;
            var subscription = subscribe(turn);
            Interlocked.Increment(ref _queued);
            _queue.Writer.TryWrite(new TurnRequest(turn, input, Activity.Current?.Context ?? default));
            return (new TurnTicket(turn, message.Id), subscription);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Why turns and commands are refused now (any status but active), or null.</summary>
    private AshError? NotActive()
    {
        if (HasMovedAway)
        {
            return AshError.Unavailable("The session moved to another server; send the message again");
        }

        var status = Session.Status;
        return status switch
        {
            SessionStatus.Active => null,
            SessionStatus.Paused or SessionStatus.Stopped or SessionStatus.Error =>
                AshError.InvalidState($"Session is {status.ToWire()}; resume it first (POST /api/sessions/{SessionId}/resume)"),
            _ => AshError.InvalidState($"Session is {status.ToWire()}"),
        };
    }

    /// <summary>Asks the agent to stop the running turn; kills the process if it does not within a grace period.</summary>
    public async Task<bool> InterruptAsync()
    {
        var turn = Volatile.Read(ref _runningTurn);
        if (turn == 0)
        {
            return false;
        }

        Interlocked.Exchange(ref _interruptRequested, 1);
        var process = CurrentProcess();
        if (process is null)
        {
            // Still starting: the turn checks the flag before it sends the message.
            return true;
        }

        try
        {
            await process.WriteLineAsync(UserMessageLine.ForInterrupt($"interrupt-{turn}"), _lifetime.Token);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            await process.KillAsync();
            return true;
        }

        ScheduleEscalation(turn, process);
        return true;
    }

    private async Task RunLoopAsync()
    {
        // The loop is the actor's own work, not part of the request that happened to create the actor: each turn
        // runs in its own span, a child of the request that sent its message.
        Activity.Current = null;
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var request))
            {
                await RunOrCloseTurnAsync(request);
                if (Interlocked.Decrement(ref _queued) == 0 && !_lifetime.IsCancellationRequested)
                {
                    await ArmIdleStopQuietlyAsync();
                }
            }
        }
    }

    /// <summary>
    /// Runs the turn, or closes it when turns may no longer run. Never throws: a fault that escaped here ended the loop, so
    /// every turn queued behind it waited for ever and the session counted as busy until the server stopped (issue 16,
    /// item 5). The turn is closed with an internal error instead, and the next one runs.
    /// </summary>
    private async Task RunOrCloseTurnAsync(TurnRequest request)
    {
        try
        {
            if (Halt is not ActorHalt.None and var halted)
            {
                await FinishTurnAsync(request.Turn, $"The session was {halted.Describe()} before this message ran");
            }
            else if (_lifetime.IsCancellationRequested)
            {
                await FinishTurnAsync(request.Turn, "The server is shutting down");
            }
            else
            {
                await RunTurnAsync(request);
            }
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, request.Turn, exception);
            await FinishTurnAsync(request.Turn, new TurnError(InternalErrorText));
        }
    }

    private async Task RunTurnAsync(TurnRequest request)
    {
        var turn = request.Turn;
        var cancellationToken = _lifetime.Token;
        Interlocked.Exchange(ref _interruptRequested, 0);
        Volatile.Write(ref _runningTurn, turn);
        _turnStartedAt = _context.Time.GetTimestamp();

        // Current for the whole turn: what it starts (the sandbox) and the lines it writes to the agent carry it, so
        // the model proxy's span for each request the agent then makes is a child of this turn.
        using var span = SessionTracing.StartTurn(Session, turn, request.Parent);
        _turnSpan = span;
        try
        {
            // The turn's start and the session row saying it runs are one commit: after a crash,
            // recovery finds exactly the turns to close.
            var now = _context.Time.GetUtcNow();
            await WriteTurnEventsAsync(
                turn,
                [new PendingEvent(EventTypes.SessionStart, EventData.SessionStart(SessionId, _context.Platform.Version))],
                new SessionCommit(SessionId, now) { RunningTurn = turn },
                cancellationToken);
            Touch(now);

            // From here the model proxy of the session's sandbox counts the turn's cost against its maxBudgetUsd,
            // and notes a request it refuses for a spent budget.
            using var budget = _context.TurnBudgets.Begin(SessionId, request.Input.Options.MaxBudgetUsd);

            if (!_context.Platform.HasModelCredential())
            {
                await FinishTurnAsync(turn, new TurnError("No model credential is configured on the server: set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL) and restart it"));
                return;
            }

            // Options changed since the process started (PATCH config): it makes way for a new one first.
            await RestartIfReconfiguredAsync();
            var outputSchema = request.Input.Options.OutputSchema?.GetRawText();
            await MatchOutputSchemaAsync(outputSchema);
            if (turn > 1 && !HasProcessOrStart())
            {
                // The conversation so far lives in the kept files only: this turn wakes it with a new process (--resume).
                _context.Resumes.CountCold();
            }

            var attempt = await EnsureStarting(outputSchema);
            if (attempt.Process is not { } process)
            {
                await FinishTurnAsync(turn, new TurnError($"The agent sandbox could not start: {attempt.Error}"));
                return;
            }

            if (Volatile.Read(ref _interruptRequested) == 1)
            {
                await FinishTurnAsync(turn, new TurnError("The turn was interrupted"));
                return;
            }

            if (await ApplyTurnSettingsAsync(turn, process, request.Input.Options, cancellationToken) is { } refused)
            {
                await FinishTurnAsync(turn, refused);
                return;
            }

            var limits = TurnLimits.Resolve(_context.Options, await AgentTurnLimitsAsync(cancellationToken), request.Input);
            try
            {
                await process.WriteLineAsync(UserMessageLine.ForUserMessage(request.Input.ContentJson), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The process died between turns; the pump below reports how it ended.
            }

            // A limit the kernel enforced (memory, disk, files) ends at most this turn: the session stays active
            // and the next message starts the agent again if it died, continuing its conversation.
            var (error, loggedBytes) = await PumpTurnAsync(request, process, limits, cancellationToken);
            if (error is not null && budget.Refusal is { } overBudget)
            {
                // The CLI ends the turn retelling the proxy's refusal; the turn's error names the budget with a stable code.
                error = new TurnError(overBudget.Message, BudgetExceeded.Code);
            }

            await FinishTurnAsync(turn, error, process.TakeLimitHits(), loggedBytes);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishTurnAsync(turn, new TurnError(Halt is not ActorHalt.None and var halted ? $"The session was {halted.Describe()}" : "The server is shutting down"));
        }
        catch (Exception exception)
        {
            // Whatever the agent still writes for this turn must not be read as the next turn's: it starts again.
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
            if (CurrentProcess() is { } running)
            {
                await running.KillAsync();
            }

            await FinishTurnAsync(turn, new TurnError(InternalErrorText));
        }
        finally
        {
            _turnSpan = null;
            Volatile.Write(ref _runningTurn, 0);
        }
    }

    /// <summary>
    /// Reads the agent's output until its result line, within the turn's <paramref name="limits"/>. Returns the
    /// turn's error (or null) and the bytes of output it kept. A limit reached (time, output, a line too long,
    /// the event-log quota) asks the agent to stop the turn, as an interrupt does, so the process and its
    /// conversation stay intact; output past an output limit is not kept.
    /// </summary>
    private async Task<(TurnError? Error, long LoggedBytes)> PumpTurnAsync(TurnRequest request, ISandboxProcess process, TurnLimits limits, CancellationToken cancellationToken)
    {
        var guard = new TurnGuard(limits, LogBytesLeft(), _context.Options.MaxEventLogBytes, _context.Time);
        var responses = new ModelResponseCount(request.Input.Options.MaxTurns);
        var pending = new List<PendingEvent>(16);
        var historyMessages = new List<string>(2);
        var reader = process.Output;
        using var timer = new TurnTimer(guard, _context.Time, cancellationToken);
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
                    await StopTurnAtLimitAsync(request.Turn, process, stopped);
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
                    _context.Metrics?.FirstEvent(_context.Time.GetElapsedTime(_turnStartedAt));
                }

                // Events first: clients see them before the history rows are written.
                await WriteTurnEventsAsync(request.Turn, pending, null, cancellationToken);
                pending.Clear();
                foreach (var historyMessage in historyMessages)
                {
                    await _context.Messages.AppendAsync(SessionId, Session.TenantId, "assistant", historyMessage, cancellationToken);
                }

                historyMessages.Clear();

                if (violation is not null)
                {
                    SessionLog.ProtocolViolation(_context.Logger, SessionId, violation);
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
                    await StopTurnAtLimitAsync(request.Turn, process, stopped!);
                }
            }
        }

        var exit = await process.Exited;
        if (stopped is not null)
        {
            return (new TurnError(stopped.Message, stopped.Code), guard.LoggedBytes);
        }

        return (ExitError(exit), guard.LoggedBytes);
    }

    /// <summary>Why the turn ended with the process (the turn's result never came).</summary>
    private TurnError ExitError(AgentExit exit)
    {
        if (Volatile.Read(ref _interruptRequested) == 1)
        {
            return new TurnError("The turn was interrupted");
        }

        if (Halt is not ActorHalt.None and var halted)
        {
            return new TurnError($"The session was {halted.Describe()}");
        }

        if (exit.OutOfMemory)
        {
            return new TurnError(
                $"The agent ran out of memory (limit {exit.MemoryLimitBytes / ResourceLimits.MiB} MiB) and the kernel killed it; the next message starts it again with the conversation so far",
                OutOfMemoryReason);
        }

        SessionLog.AgentExitedDuringTurn(_context.Logger, SessionId, exit.ExitCode, exit.StderrTail);
        var detail = string.IsNullOrWhiteSpace(exit.StderrTail) ? string.Empty : $": {exit.StderrTail.Trim()}";
        return new TurnError($"The agent process exited unexpectedly (exit code {exit.ExitCode}){detail}");
    }

    /// <summary>
    /// A limit ended the turn: the agent is asked to stop it, as an interrupt does (its conversation is written
    /// out properly), and killed if it does not within the grace period; the next message then resumes it.
    /// </summary>
    private async Task StopTurnAtLimitAsync(long turn, ISandboxProcess process, TurnStop stop)
    {
        SessionLog.TurnLimitReached(_context.Logger, SessionId, turn, stop.Code);
        try
        {
            await process.WriteLineAsync(UserMessageLine.ForInterrupt($"limit-{turn}"), _lifetime.Token);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            await process.KillAsync();
            return;
        }

        ScheduleEscalation(turn, process);
    }

    /// <summary>
    /// Kills the agent if <paramref name="turn"/> is still running after the grace period. Keyed by turn: one
    /// still waiting for an earlier turn (interrupted, then quickly followed by this one) does not stand in for it.
    /// </summary>
    private void ScheduleEscalation(long turn, ISandboxProcess process)
    {
        lock (_processLock)
        {
            if (_escalatingTurn != turn || _interruptEscalation.IsCompleted)
            {
                _escalatingTurn = turn;
                _interruptEscalation = Task.WhenAll(_interruptEscalation, EscalateInterruptAsync(turn, process));
            }
        }
    }

    /// <summary>
    /// Closes a turn for its clients: a <c>resource_limit</c> event per limit the kernel enforced during
    /// it, <c>error</c> when there is one, then <c>done</c>, committed with the session row saying no turn
    /// runs (and the output it added to the session's event log). Never throws.
    /// </summary>
    private async Task FinishTurnAsync(long turn, TurnError? error, IReadOnlyList<LimitHit>? limitHits = null, long outputBytes = 0)
    {
        // No longer running once its closing events can reach a client: an interrupt sent on seeing `done` finds no
        // turn (it found this one, and wrote an interrupt to the idle agent). Only this turn is cleared: a turn
        // closed while queued behind another leaves the running one alone.
        Interlocked.CompareExchange(ref _runningTurn, 0, turn);
        try
        {
            var now = _context.Time.GetUtcNow();
            var closing = TurnClosing.Events(SessionId, error?.Message, error?.Code);
            var events = limitHits is { Count: > 0 } ? [.. LimitEvents(limitHits), .. closing] : closing;
            await WriteTurnEventsAsync(turn, events, new SessionCommit(SessionId, now) { RunningTurn = 0, AddedLogBytes = outputBytes }, _lifetime.Token, writeEvenWhenStopping: true);
            Interlocked.Add(ref _logBytes, outputBytes);
            Touch(now);
            CountFinishedTurn(error, limitHits);
            if (error is not null)
            {
                TraceAttributes.SetFailed(_turnSpan, error.Code ?? "turn_failed");
            }
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
        }
    }

    private Task FinishTurnAsync(long turn, string error) => FinishTurnAsync(turn, new TurnError(error));

    /// <summary>Measures a turn that ran (one closed before it started, e.g. queued behind a stop, is not a turn that ran).</summary>
    private void CountFinishedTurn(TurnError? error, IReadOnlyList<LimitHit>? limitHits)
    {
        var startedAt = _turnStartedAt;
        _turnStartedAt = 0;
        if (_context.Metrics is not { } metrics || startedAt == 0)
        {
            return;
        }

        metrics.TurnFinished(error is not null, _context.Time.GetElapsedTime(startedAt));
        if (limitHits is not null)
        {
            foreach (var hit in limitHits)
            {
                metrics.LimitHit(hit.Resource);
            }
        }
    }

    /// <summary>The agent's turn settings: kept from its stored config at the create or the process start, else read once now.</summary>
    private async Task<AgentTurnLimits> AgentTurnLimitsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _agentTurnLimits) is { } known)
        {
            return known;
        }

        var agent = await _context.Agents.GetAtVersionAsync(Session.TenantId, Session.AgentName, Session.AgentVersionId, cancellationToken);
        var limits = agent is not null && AgentVersionConfig.Of(agent) is { IsSuccess: true } config ? config.Value.Turns : AgentTurnLimits.None;
        Volatile.Write(ref _agentTurnLimits, limits);
        return limits;
    }

    /// <summary>What the session's event-log quota still allows this turn to write.</summary>
    private long LogBytesLeft() => Math.Max(0, _context.Options.MaxEventLogBytes - Volatile.Read(ref _logBytes));

    /// <summary>
    /// A turn's events must reach the log: a database that is busy, full or restarting is waited out, with the
    /// agent's output waiting behind it, rather than ending the turn midway with part of it lost. Only the
    /// actor's shutdown gives up (<paramref name="retryUntil"/>); the session's recovery closes the turn then.
    /// </summary>
    /// <param name="writeEvenWhenStopping">Attempt the write once even when <paramref name="retryUntil"/> is already cancelled (a turn closed at shutdown).</param>
    private async Task WriteTurnEventsAsync(long turn, IReadOnlyList<PendingEvent> events, SessionCommit? commit, CancellationToken retryUntil, bool writeEvenWhenStopping = false)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _events.WriteAsync(turn, events, commit, writeEvenWhenStopping ? CancellationToken.None : retryUntil);
                return;
            }
            catch (Exception exception) when (exception is StoreBusyException or StoreFullException or StoreUnavailableException && !retryUntil.IsCancellationRequested)
            {
                SessionLog.TurnWriteWaiting(_context.Logger, SessionId, turn, attempt, exception.Message);
                await Task.Delay(delay, _context.Time, retryUntil);
                delay = delay < TimeSpan.FromSeconds(5) ? delay * 2 : delay;
            }
        }
    }

    private async Task EscalateInterruptAsync(long turn, ISandboxProcess process)
    {
        try
        {
            await Task.Delay(InterruptGrace, _context.Time, _lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (Volatile.Read(ref _runningTurn) == turn)
        {
            SessionLog.InterruptEscalated(_context.Logger, SessionId);
            try
            {
                await process.KillAsync();
            }
            catch (Exception exception)
            {
                // Logged now: the escalation is awaited only when the actor is disposed, which a fault kept back would then fail.
                SessionLog.KillFailed(_context.Logger, SessionId, exception);
            }
        }
    }
}
