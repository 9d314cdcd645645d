using System.Threading.Channels;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sandboxes;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// One live session: owns its agent process and runs its turns one at a time, in arrival order
/// (DESIGN.md §4). Messages sent while a turn runs wait in a bounded queue. Every turn ends with
/// <c>done</c>, preceded by <c>error</c> when it failed, whatever happened to the process.
/// </summary>
public sealed class SessionActor : IAsyncDisposable
{
    public const int MaxQueuedTurns = 32;

    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(5);

    private readonly SessionActorContext _context;
    private readonly SessionEventWriter _events;
    private readonly Channel<TurnRequest> _queue = Channel.CreateUnbounded<TurnRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _admission = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _processLock = new();
    private readonly Task _loop;
    private Session _session;
    private long _lastTurn;
    private int _queued;
    private long _runningTurn;
    private int _interruptRequested;
    private bool _ended;
    private Task<StartAttempt>? _starting;
    private Task _interruptEscalation = Task.CompletedTask;

    private SessionActor(Session session, SessionActorContext context, long lastSequence, long lastTurn)
    {
        _session = session;
        _context = context;
        _lastTurn = lastTurn;
        _events = new SessionEventWriter(session.Id, session.TenantId, lastSequence, context.EventLog, context.EventBus, context.Time);
        _loop = Task.Run(RunLoopAsync);
    }

    public Guid SessionId => _session.Id;

    public Session Session => Volatile.Read(ref _session);

    public SessionEventWriter Events => _events;

    /// <summary>True while the agent process of this session is alive.</summary>
    public bool HasLiveProcess
    {
        get
        {
            var starting = Volatile.Read(ref _starting);
            return starting is { IsCompletedSuccessfully: true } && starting.Result.Process is { Exited.IsCompleted: false };
        }
    }

    public static async Task<SessionActor> ActivateAsync(Session session, SessionActorContext context, CancellationToken cancellationToken)
    {
        var lastSequence = await context.EventLog.LastSequenceAsync(session.Id, cancellationToken);
        var lastTurn = await context.EventLog.LastTurnAsync(session.Id, cancellationToken);
        return new SessionActor(session, context, lastSequence, lastTurn);
    }

    /// <summary>Starts the agent process now so the first message does not wait for it; never blocks.</summary>
    public void WarmUp() => EnsureStarting();

    /// <summary>
    /// Stores the user message and queues its turn. <paramref name="subscribe"/> runs with the turn
    /// number before the turn can start, so a caller that subscribes there misses none of its events.
    /// </summary>
    public async Task<Result<(TurnTicket Ticket, T Subscription)>> EnqueueAsync<T>(TurnInput input, Func<long, T> subscribe, CancellationToken cancellationToken)
        where T : IDisposable
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            if (_ended || Session.Status == SessionStatus.Ended)
            {
                return AshError.InvalidState("Session is ended");
            }

            if (Volatile.Read(ref _queued) >= MaxQueuedTurns)
            {
                return AshError.Capacity($"Session already has {MaxQueuedTurns} messages waiting; retry when a turn finishes");
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
            _admission.Release();
        }
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

    /// <summary>Ends the session: the process is killed, queued turns fail, the status becomes ended.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        await _admission.WaitAsync(cancellationToken);
        try
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _queue.Writer.TryComplete();
        }
        finally
        {
            _admission.Release();
        }

        await KillProcessAsync();
        await _loop;
        await SetStatusAsync(SessionStatus.Ended, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _lifetime.CancelAsync();
        await KillProcessAsync();
        await _loop;
        await _interruptEscalation;
        _lifetime.Dispose();
        _admission.Dispose();
    }

    public async Task SetStatusAsync(SessionStatus status, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        await _context.Sessions.UpdateStatusAsync(SessionId, status, now, cancellationToken);
        Volatile.Write(ref _session, Session with { Status = status, LastActiveAt = now });
        await _events.WriteAsync(0, EventTypes.Status, EventData.Status(status.ToWire()), cancellationToken);
    }

    private async Task RunLoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (reader.TryRead(out var request))
            {
                Interlocked.Decrement(ref _queued);
                if (_ended || _lifetime.IsCancellationRequested)
                {
                    await FinishTurnAsync(request.Turn, "The session ended before this message ran");
                    continue;
                }

                await RunTurnAsync(request);
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
            await _events.WriteAsync(turn, EventTypes.SessionStart, EventData.SessionStart(SessionId, _context.Platform.Version), cancellationToken);
            await _context.Sessions.TouchAsync(SessionId, _context.Time.GetUtcNow(), cancellationToken);

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
            await FinishTurnAsync(turn, error);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await FinishTurnAsync(turn, _ended ? "The session was ended" : "The server is shutting down");
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
            await FinishTurnAsync(turn, "The turn failed because of an internal error; see the server log");
        }
        finally
        {
            Volatile.Write(ref _runningTurn, 0);
            await TouchQuietlyAsync();
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

        if (_ended)
        {
            return "The session was ended";
        }

        SessionLog.AgentExitedDuringTurn(_context.Logger, SessionId, exit.ExitCode, exit.StderrTail);
        var detail = string.IsNullOrWhiteSpace(exit.StderrTail) ? string.Empty : $": {exit.StderrTail.Trim()}";
        return $"The agent process exited unexpectedly (exit code {exit.ExitCode}){detail}";
    }

    /// <summary>Closes a turn for its clients: <c>error</c> when there is one, then <c>done</c>. Never throws.</summary>
    private async Task FinishTurnAsync(long turn, string? error)
    {
        try
        {
            PendingEvent[] closing = error is null
                ? [new PendingEvent(EventTypes.Done, EventData.Done(SessionId))]
                : [new PendingEvent(EventTypes.Error, EventData.Error(error)), new PendingEvent(EventTypes.Done, EventData.Done(SessionId))];
            await _events.WriteAsync(turn, closing, CancellationToken.None);
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, turn, exception);
        }
    }

    private async Task TouchQuietlyAsync()
    {
        try
        {
            await _context.Sessions.TouchAsync(SessionId, _context.Time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception exception)
        {
            SessionLog.TurnFailed(_context.Logger, SessionId, 0, exception);
        }
    }

    private Task<StartAttempt> EnsureStarting()
    {
        lock (_processLock)
        {
            var starting = _starting;
            var reusable = starting is not null
                && (!starting.IsCompleted || (starting.Result.Process is { } process && !process.Exited.IsCompleted));
            if (!reusable)
            {
                _starting = starting = StartProcessAsync();
            }

            return starting!;
        }
    }

    private async Task<StartAttempt> StartProcessAsync()
    {
        try
        {
            var session = Session;
            var agent = await _context.Agents.GetAsync(session.TenantId, session.AgentName, _lifetime.Token);
            if (agent is null)
            {
                return new StartAttempt(null, $"agent '{session.AgentName}' no longer exists");
            }

            var spec = new SandboxSpec(session.Id, session.TenantId, agent.Name, agent.Path, agent.Env, session.Options);
            var process = await _context.SandboxHost.StartAsync(spec, _lifetime.Token);
            SessionLog.SandboxStarted(_context.Logger, session.Id, process.SandboxId);
            return new StartAttempt(process, null);
        }
        catch (OperationCanceledException)
        {
            return new StartAttempt(null, "the session is shutting down");
        }
        catch (Exception exception)
        {
            SessionLog.SandboxStartFailed(_context.Logger, SessionId, exception);
            return new StartAttempt(null, exception.Message);
        }
    }

    private ISandboxProcess? CurrentProcess()
    {
        var starting = Volatile.Read(ref _starting);
        return starting is { IsCompletedSuccessfully: true } ? starting.Result.Process : null;
    }

    private async Task KillProcessAsync()
    {
        Task<StartAttempt>? starting;
        lock (_processLock)
        {
            starting = _starting;
        }

        if (starting is null)
        {
            return;
        }

        var attempt = await starting;
        if (attempt.Process is { } process)
        {
            await process.KillAsync();
            await process.DisposeAsync();
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
