using System.Threading.Channels;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>Turns: a bounded FIFO of messages, run one at a time; every turn ends with <c>done</c>, after <c>error</c> when it failed.</summary>
public sealed partial class SessionActor
{
    public const int MaxQueuedTurns = 32;

    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);

    private readonly Channel<TurnRequest> _queue = Channel.CreateUnbounded<TurnRequest>(new UnboundedChannelOptions { SingleReader = true });
    private long _lastTurn;
    private int _queued;
    private long _runningTurn;
    private int _interruptRequested;
    private Task _interruptEscalation = Task.CompletedTask;

    /// <summary>Why turns may not run now ("stopped", "ended"), or null while they may.</summary>
    private string? _halted;

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
            if (NotActive() is { } notActive)
            {
                return notActive;
            }

            if (Volatile.Read(ref _queued) >= MaxQueuedTurns)
            {
                return AshError.Capacity($"Session already has {MaxQueuedTurns} messages waiting; retry when a turn finishes");
            }

            // The turn may start a process: make sure there is room for it before acknowledging.
            if (await ReserveSlotUnlessLiveAsync(cancellationToken) is { } full)
            {
                return full;
            }

            var message = await _context.Messages.AppendAsync(SessionId, Session.TenantId, "user", input.ContentJson, cancellationToken);
            var turn = ++_lastTurn;
            var subscription = subscribe(turn);
            Interlocked.Increment(ref _queued);
            _queue.Writer.TryWrite(new TurnRequest(turn, input));
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

        lock (_processLock)
        {
            if (_interruptEscalation.IsCompleted)
            {
                _interruptEscalation = EscalateInterruptAsync(turn, process);
            }
        }

        return true;
    }

    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var request))
            {
                if (Volatile.Read(ref _halted) is { } halted)
                {
                    await FinishTurnAsync(request.Turn, $"The session was {halted} before this message ran");
                }
                else if (_lifetime.IsCancellationRequested)
                {
                    await FinishTurnAsync(request.Turn, "The server is shutting down");
                }
                else
                {
                    await RunTurnAsync(request);
                }

                if (Interlocked.Decrement(ref _queued) == 0 && !_lifetime.IsCancellationRequested)
                {
                    await ArmIdleStopQuietlyAsync();
                }
            }
        }
    }

    private async Task RunTurnAsync(TurnRequest request)
    {
        var turn = request.Turn;
        var cancellationToken = _lifetime.Token;
        Interlocked.Exchange(ref _interruptRequested, 0);
        Volatile.Write(ref _runningTurn, turn);
        try
        {
            // The turn's start and the session row saying it runs are one commit: after a crash,
            // recovery finds exactly the turns to close.
            var now = _context.Time.GetUtcNow();
            await _events.WriteAsync(
                turn,
                [new PendingEvent(EventTypes.SessionStart, EventData.SessionStart(SessionId, _context.Platform.Version))],
                new SessionCommit(SessionId, now) { RunningTurn = turn },
                cancellationToken);
            Touch(now);

            if (!_context.Platform.HasModelCredential())
            {
                await FinishTurnAsync(turn, "No model credential is configured on the server: set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL) and restart it");
                return;
            }

            var attempt = await EnsureStarting();
            if (attempt.Process is not { } process)
            {
                await FinishTurnAsync(turn, $"The agent sandbox could not start: {attempt.Error}");
                return;
            }

            if (Volatile.Read(ref _interruptRequested) == 1)
            {
                await FinishTurnAsync(turn, "The turn was interrupted");
                return;
            }

            try
            {
                await process.WriteLineAsync(UserMessageLine.ForUserMessage(request.Input.ContentJson), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The process died between turns; the pump below reports how it ended.
            }

            var error = await PumpTurnAsync(request, process, cancellationToken);
            await FinishTurnAsync(turn, error, process.TakeLimitHits());
            if (process.Exited is { IsCompletedSuccessfully: true, Result.OutOfMemory: true })
            {
                await MarkStoppedByLimitAsync(OutOfMemoryReason);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishTurnAsync(turn, Volatile.Read(ref _halted) is { } halted ? $"The session was {halted}" : "The server is shutting down");
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
            await FinishTurnAsync(turn, "The turn failed because of an internal error; see the server log");
        }
        finally
        {
            Volatile.Write(ref _runningTurn, 0);
        }
    }

    /// <summary>Reads the agent's output until its result line. Returns the turn's error, or null.</summary>
    private async Task<string?> PumpTurnAsync(TurnRequest request, ISandboxProcess process, CancellationToken cancellationToken)
    {
        var pending = new List<PendingEvent>(16);
        var assistantMessages = new List<string>(2);
        var reader = process.Output;
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            while (reader.TryRead(out var output))
            {
                AgentLine? result = null;
                string? violation = null;
                foreach (var line in output.Lines)
                {
                    if (line.Length == 0)
                    {
                        continue;
                    }

                    var translated = StreamJsonTranslator.Translate(line, request.Input.IncludePartialMessages, pending);
                    if (translated.Kind == AgentLineKind.Invalid)
                    {
                        violation = "the agent wrote a line that is not a JSON object";
                        break;
                    }

                    if (translated.AssistantMessage is { } assistantMessage)
                    {
                        assistantMessages.Add(assistantMessage);
                    }

                    if (translated.Kind == AgentLineKind.Result)
                    {
                        result = translated;
                    }
                }

                if (output.LineTooLong)
                {
                    violation ??= "the agent wrote a line longer than the platform's limit";
                }

                // Events first: clients see them before the history rows are written.
                await _events.WriteAsync(request.Turn, pending, cancellationToken);
                pending.Clear();
                foreach (var assistantMessage in assistantMessages)
                {
                    await _context.Messages.AppendAsync(SessionId, Session.TenantId, "assistant", assistantMessage, cancellationToken);
                }

                assistantMessages.Clear();

                if (violation is not null)
                {
                    SessionLog.ProtocolViolation(_context.Logger, SessionId, violation);
                    await process.KillAsync();
                    return $"The turn was stopped because {violation}";
                }

                if (result is { } finished)
                {
                    return finished.IsError ? finished.ResultText ?? "The agent reported an error" : null;
                }
            }
        }

        var exit = await process.Exited;
        if (Volatile.Read(ref _interruptRequested) == 1)
        {
            return "The turn was interrupted";
        }

        if (Volatile.Read(ref _halted) is { } halted)
        {
            return $"The session was {halted}";
        }

        if (exit.OutOfMemory)
        {
            return $"The agent ran out of memory (limit {exit.MemoryLimitBytes / ResourceLimits.MiB} MiB) and the kernel killed it; resume the session to continue";
        }

        SessionLog.AgentExitedDuringTurn(_context.Logger, SessionId, exit.ExitCode, exit.StderrTail);
        var detail = string.IsNullOrWhiteSpace(exit.StderrTail) ? string.Empty : $": {exit.StderrTail.Trim()}";
        return $"The agent process exited unexpectedly (exit code {exit.ExitCode}){detail}";
    }

    /// <summary>
    /// Closes a turn for its clients: a <c>resource_limit</c> event per limit the kernel enforced during
    /// it, <c>error</c> when there is one, then <c>done</c>, committed with
    /// the session row saying no turn runs. Never throws.
    /// </summary>
    private async Task FinishTurnAsync(long turn, string? error, IReadOnlyList<LimitHit>? limitHits = null)
    {
        try
        {
            var now = _context.Time.GetUtcNow();
            var closing = TurnClosing.Events(SessionId, error);
            var events = limitHits is { Count: > 0 } ? [.. LimitEvents(limitHits), .. closing] : closing;
            await _events.WriteAsync(turn, events, new SessionCommit(SessionId, now) { RunningTurn = 0 }, CancellationToken.None);
            Touch(now);
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
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
            await process.KillAsync();
        }
    }
}
