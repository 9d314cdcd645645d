using System.Diagnostics;
using Ash.Core.Agents;
using Ash.Core.Budgets;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Turns;
using Ash.Core.Tracing;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Runs a session's turns, one at a time as its <see cref="TurnQueue"/> hands them over: starts the agent when none runs,
/// applies the message's settings, sends it, pumps the output (<see cref="TurnOutputPump"/>), and closes every turn with
/// <c>done</c>, after <c>error</c> when it failed. Holds the running turn's state, which an interrupt reads.
/// </summary>
internal sealed class TurnRunner
{
    /// <summary>The error code of a turn whose agent the kernel killed at its memory limit.</summary>
    public const string OutOfMemoryReason = "out_of_memory";

    private const string InternalErrorText = "The turn failed because of an internal error; see the server log";

    private readonly SessionActorState _state;
    private readonly AgentProcess _process;
    private readonly SessionAgent _agent;
    private readonly PatientTurnWriter _writer;
    private readonly TurnOutputPump _pump;
    private readonly InterruptEscalation _escalation;
    private readonly TurnSettings _settings = new();
    private readonly Services _services;
    private readonly CancellationToken _lifetime;
    private long _runningTurn;
    private int _interruptRequested;

    /// <summary>Agent output in the session's event log (the row's count, plus each turn closed since).</summary>
    private long _logBytes;

    /// <summary>When the running turn started (<see cref="TimeProvider.GetTimestamp"/>), for its duration; 0 between turns.</summary>
    private long _turnStartedAt;

    /// <summary>The running turn's span, or null (between turns, or when no tracer listens).</summary>
    private Activity? _turnSpan;

    /// <param name="lifetime">Cancelled when the actor goes: the running turn ends, and writes are no longer retried.</param>
    public TurnRunner(SessionActorState state, SessionEventWriter events, AgentProcess process, SessionAgent agent, Services services, CancellationToken lifetime)
    {
        _state = state;
        _process = process;
        _agent = agent;
        _services = services;
        _lifetime = lifetime;
        _logBytes = state.Session.LogBytes;
        _writer = new PatientTurnWriter(events, services.Time, services.Logger);
        _escalation = new InterruptEscalation(state.SessionId, () => RunningTurn, services.Time, services.Logger, lifetime);
        _pump = new TurnOutputPump(state, _writer, services.Messages, _escalation, services.Options.MaxEventLogBytes, services.Time, services.Metrics, services.Logger, lifetime);
    }

    /// <summary>What running turns uses, and nothing else.</summary>
    public sealed record Services(
        IMessageStore Messages,
        TurnBudgets Budgets,
        PlatformInfo Platform,
        SessionRuntimeOptions Options,
        ResumeCounters Resumes,
        TimeProvider Time,
        SessionMetrics? Metrics,
        ILogger Logger);

    /// <summary>The turn running now, 0 for none.</summary>
    public long RunningTurn => Volatile.Read(ref _runningTurn);

    /// <summary>What the session's event-log quota still allows a turn to write.</summary>
    public long LogBytesLeft => Math.Max(0, _services.Options.MaxEventLogBytes - Volatile.Read(ref _logBytes));

    private Guid SessionId => _state.SessionId;

    /// <summary>Asks the agent to stop the running turn; kills the process if it does not within a grace period. False when none runs.</summary>
    public async Task<bool> InterruptAsync()
    {
        var turn = RunningTurn;
        if (turn == 0)
        {
            return false;
        }

        Interlocked.Exchange(ref _interruptRequested, 1);
        if (_process.Current is not { } process)
        {
            // Still starting: the turn checks the flag before it sends the message.
            return true;
        }

        try
        {
            await process.WriteLineAsync(UserMessageLine.ForInterrupt($"interrupt-{turn}"), _lifetime);
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            await process.KillAsync();
            return true;
        }

        _escalation.Schedule(turn, process);
        return true;
    }

    /// <summary>
    /// Runs the turn, or closes it when turns may no longer run. Never throws: a fault that escaped here ended the loop, so
    /// every turn queued behind it waited for ever and the session counted as busy until the server stopped (issue 16,
    /// item 5). The turn is closed with an internal error instead, and the next one runs.
    /// </summary>
    public async Task RunOrCloseAsync(TurnRequest request)
    {
        try
        {
            if (_state.Halt is not ActorHalt.None and var halted)
            {
                await CloseAsync(request.Turn, $"The session was {halted.Describe()} before this message ran");
            }
            else if (_lifetime.IsCancellationRequested)
            {
                await CloseAsync(request.Turn, "The server is shutting down");
            }
            else
            {
                await RunAsync(request);
            }
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_services.Logger, SessionId, request.Turn, exception);
            await FinishAsync(request.Turn, new TurnError(InternalErrorText));
        }
    }

    /// <summary>Closes a turn that will not run (or was left open by a former owner) with <paramref name="error"/>. Never throws.</summary>
    public Task CloseAsync(long turn, string error) => FinishAsync(turn, new TurnError(error));

    /// <summary>Completes once every escalation wait has ended (awaited when the actor is disposed).</summary>
    public Task WhenEscalationsDoneAsync() => _escalation.WhenDoneAsync();

    private async Task RunAsync(TurnRequest request)
    {
        var turn = request.Turn;
        var cancellationToken = _lifetime;
        Interlocked.Exchange(ref _interruptRequested, 0);
        Volatile.Write(ref _runningTurn, turn);
        _turnStartedAt = _services.Time.GetTimestamp();

        // Current for the whole turn: what it starts (the sandbox) and the lines it writes to the agent carry it, so
        // the model proxy's span for each request the agent then makes is a child of this turn.
        using var span = SessionTracing.StartTurn(_state.Session, turn, request.Parent);
        _turnSpan = span;
        try
        {
            // The turn's start and the session row saying it runs are one commit: after a crash,
            // recovery finds exactly the turns to close.
            var now = _services.Time.GetUtcNow();
            await _writer.WriteAsync(
                turn,
                [new PendingEvent(EventTypes.SessionStart, EventData.SessionStart(SessionId, _services.Platform.Version))],
                new SessionCommit(SessionId, now) { RunningTurn = turn },
                cancellationToken);
            _state.Touch(now);

            // From here the model proxy of the session's sandbox counts the turn's cost against its maxBudgetUsd,
            // and notes a request it refuses for a spent budget.
            using var budget = _services.Budgets.Begin(SessionId, request.Input.Options.MaxBudgetUsd);

            if (!_services.Platform.HasModelCredential())
            {
                await FinishAsync(turn, new TurnError("No model credential is configured on the server: set ANTHROPIC_API_KEY (and optionally ANTHROPIC_BASE_URL) and restart it"));
                return;
            }

            // Options changed since the process started (PATCH config): it makes way for a new one first.
            await _process.RestartIfReconfiguredAsync();
            var outputSchema = request.Input.Options.OutputSchema?.GetRawText();
            await _process.MatchOutputSchemaAsync(outputSchema);
            if (turn > 1 && !_process.IsAliveOrStarting)
            {
                // The conversation so far lives in the kept files only: this turn wakes it with a new process (--resume).
                _services.Resumes.CountCold();
            }

            var attempt = await _process.EnsureStarted(outputSchema);
            if (attempt.Process is not { } process)
            {
                await FinishAsync(turn, new TurnError($"The agent sandbox could not start: {attempt.Error}"));
                return;
            }

            if (Volatile.Read(ref _interruptRequested) == 1)
            {
                await FinishAsync(turn, new TurnError("The turn was interrupted"));
                return;
            }

            if (await _settings.ApplyAsync(turn, process, request.Input.Options, cancellationToken) is { } refused)
            {
                await FinishAsync(turn, refused);
                return;
            }

            var limits = TurnLimits.Resolve(_services.Options, await _agent.TurnLimitsAsync(cancellationToken), request.Input);
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
            var (error, loggedBytes) = await _pump.PumpAsync(request, process, limits, LogBytesLeft, _turnStartedAt, ExitError, cancellationToken);
            if (error is not null && budget.Refusal is { } overBudget)
            {
                // The CLI ends the turn retelling the proxy's refusal; the turn's error names the budget with a stable code.
                error = new TurnError(overBudget.Message, BudgetExceeded.Code);
            }

            await FinishAsync(turn, error, process.TakeLimitHits(), loggedBytes);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishAsync(turn, new TurnError(_state.Halt is not ActorHalt.None and var halted ? $"The session was {halted.Describe()}" : "The server is shutting down"));
        }
        catch (Exception exception)
        {
            // Whatever the agent still writes for this turn must not be read as the next turn's: it starts again.
            SessionLog.TurnFailed(_services.Logger, SessionId, turn, exception);
            if (_process.Current is { } running)
            {
                await running.KillAsync();
            }

            await FinishAsync(turn, new TurnError(InternalErrorText));
        }
        finally
        {
            _turnSpan = null;
            Volatile.Write(ref _runningTurn, 0);
        }
    }

    /// <summary>Why the turn ended with the process (the turn's result never came).</summary>
    private TurnError ExitError(AgentExit exit)
    {
        if (Volatile.Read(ref _interruptRequested) == 1)
        {
            return new TurnError("The turn was interrupted");
        }

        if (_state.Halt is not ActorHalt.None and var halted)
        {
            return new TurnError($"The session was {halted.Describe()}");
        }

        if (exit.OutOfMemory)
        {
            return new TurnError(
                $"The agent ran out of memory (limit {exit.MemoryLimitBytes / ResourceLimits.MiB} MiB) and the kernel killed it; the next message starts it again with the conversation so far",
                OutOfMemoryReason);
        }

        SessionLog.AgentExitedDuringTurn(_services.Logger, SessionId, exit.ExitCode, exit.StderrTail);
        var detail = string.IsNullOrWhiteSpace(exit.StderrTail) ? string.Empty : $": {exit.StderrTail.Trim()}";
        return new TurnError($"The agent process exited unexpectedly (exit code {exit.ExitCode}){detail}");
    }

    /// <summary>
    /// Closes a turn for its clients: a <c>resource_limit</c> event per limit the kernel enforced during it (none of them
    /// stops the session, issue 12), <c>error</c> when there is one, then <c>done</c>, committed with the session row
    /// saying no turn runs (and the output it added to the session's event log). Never throws.
    /// </summary>
    private async Task FinishAsync(long turn, TurnError? error, IReadOnlyList<LimitHit>? limitHits = null, long outputBytes = 0)
    {
        // No longer running once its closing events can reach a client: an interrupt sent on seeing `done` finds no
        // turn (it found this one, and wrote an interrupt to the idle agent). Only this turn is cleared: a turn
        // closed while queued behind another leaves the running one alone.
        Interlocked.CompareExchange(ref _runningTurn, 0, turn);
        try
        {
            var now = _services.Time.GetUtcNow();
            var closing = TurnClosing.Events(SessionId, error?.Message, error?.Code);
            var events = limitHits is { Count: > 0 } ? [.. LimitEvents(limitHits), .. closing] : closing;
            await _writer.WriteAsync(turn, events, new SessionCommit(SessionId, now) { RunningTurn = 0, AddedLogBytes = outputBytes }, _lifetime, writeEvenWhenStopping: true);
            Interlocked.Add(ref _logBytes, outputBytes);
            _state.Touch(now);
            CountFinished(error, limitHits);
            if (error is not null)
            {
                TraceAttributes.SetFailed(_turnSpan, error.Code ?? "turn_failed");
            }
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_services.Logger, SessionId, turn, exception);
        }
    }

    private static PendingEvent[] LimitEvents(IReadOnlyList<LimitHit> hits)
    {
        var events = new PendingEvent[hits.Count];
        for (var i = 0; i < hits.Count; i++)
        {
            events[i] = new PendingEvent(EventTypes.ResourceLimit, EventData.ResourceLimit(hits[i]));
        }

        return events;
    }

    /// <summary>Measures a turn that ran (one closed before it started, e.g. queued behind a stop, is not a turn that ran).</summary>
    private void CountFinished(TurnError? error, IReadOnlyList<LimitHit>? limitHits)
    {
        var startedAt = _turnStartedAt;
        _turnStartedAt = 0;
        if (_services.Metrics is not { } metrics || startedAt == 0)
        {
            return;
        }

        metrics.TurnFinished(error is not null, _services.Time.GetElapsedTime(startedAt));
        if (limitHits is not null)
        {
            foreach (var hit in limitHits)
            {
                metrics.LimitHit(hit.Resource);
            }
        }
    }
}
