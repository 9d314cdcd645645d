using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// One session, as an actor (DESIGN.md §3–4). It accepts turns (<see cref="TurnQueue"/>, run by a <see cref="TurnRunner"/>)
/// and runs its lifecycle operations as durable step workflows over its <see cref="AgentProcess"/> and its files
/// (<see cref="SessionFiles"/>). Admission and lifecycle operations take the actor's gate, so they never interleave; the
/// turn loop runs beside them and is stopped through the halt (<see cref="SessionActorState.Halt"/>). Its activation,
/// leases, retirement and hand-off are the runtime's (<see cref="SessionActors"/>, <see cref="ActorLease"/>).
/// </summary>
public sealed class SessionActor : IAsyncDisposable
{
    public const int MaxQueuedTurns = TurnQueue.Capacity;

    public const string LeftOpenTurnError = "The turn was interrupted because the server running its session stopped; send the message again";

    private readonly SessionActorState _state;
    private readonly Services _services;
    private readonly SessionEventWriter _events;
    private readonly SessionAgent _agent;
    private readonly AgentProcess _process;
    private readonly TurnRunner _turns;
    private readonly TurnQueue _queue;
    private readonly SessionFiles _files;
    private readonly IdleStop _idleStop;
    private readonly SessionSteps _steps;
    private readonly SandboxCommands _commands;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();

    /// <summary>The owner epoch this activation took (<see cref="ISessionStore.TakeOwnershipAsync"/>); its writes are fenced with it.</summary>
    private readonly long _ownerEpoch;
    private int _creating;
    private int _superseded;

    internal SessionActor(Session session, LogPosition position, long ownerEpoch, SessionActorServices services, bool creating = false)
    {
        _services = services.Actor;
        _ownerEpoch = ownerEpoch;
        _creating = creating ? 1 : 0;
        _state = new SessionActorState(session, _services.Time);
        var writer = services.Writer;
        _events = new SessionEventWriter(
            session.Id, session.TenantId, position.LastSequence, writer.EventLog, writer.Sessions, writer.EventBus, _services.Time, writer.Metrics, ownerEpoch, LoseOwnership);
        _agent = new SessionAgent(_state, services.Agents);
        _process = new AgentProcess(this, _state, _agent, services.Process, _lifetime.Token);
        _files = new SessionFiles(_state, _agent, services.Files);
        _idleStop = new IdleStop(session.Id, _services.Reminders, _services.Time, _services.IdleTimeout, _services.Logger);
        _steps = new SessionSteps(_state, _events, _process, _files, _idleStop, _services.Time);
        _commands = new SandboxCommands(_state, _process, _services.Time, _services.Metrics);
        _turns = new TurnRunner(_state, _events, _process, _agent, services.Turns, _lifetime.Token);
        _queue = new TurnQueue(position.LastTurn, _turns.RunOrCloseAsync, ArmIdleStopAfterTurnsAsync);
    }

    /// <summary>What the actor's own operations use (each of its parts has its own, <see cref="SessionActorServices"/>).</summary>
    public sealed record Services(
        ISessionStore Sessions,
        IMessageStore Messages,
        ILifecycleOrchestrator Lifecycle,
        IReminders Reminders,
        ResumeCounters Resumes,
        TimeSpan IdleTimeout,
        long MaxEventLogBytes,
        TimeProvider Time,
        SessionMetrics? Metrics,
        ILogger Logger);

    public Guid SessionId => _state.SessionId;

    public Session Session => _state.Session;

    /// <summary>The single writer of the session's events (every write fenced with this activation's owner epoch).</summary>
    public SessionEventWriter Events => _events;

    /// <summary>
    /// Its create (or fork) is under way (<see cref="CreateDone"/> not called yet): it holds a slot for a session whose row
    /// may not even be stored, so it is never stopped to make room for another (<see cref="SandboxSlots.ClaimIdleVictim"/>).
    /// </summary>
    public bool IsBeingCreated => Volatile.Read(ref _creating) != 0;

    /// <summary>A turn is running or waiting.</summary>
    public bool IsBusy => _queue.Count > 0 || _turns.RunningTurn != 0;

    /// <summary>This actor holds one of the live-sandbox slots (its process is starting or alive).</summary>
    public bool HoldsSandbox => _process.HoldsSlot;

    /// <summary>True while the agent process of this session is alive.</summary>
    public bool HasLiveProcess => _process.IsAlive;

    /// <summary>Another activation has taken the session's ownership: this actor's writes fail, and it is going away.</summary>
    public bool IsSuperseded => Volatile.Read(ref _superseded) != 0;

    /// <summary>When the actor was last used (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    internal long LastUsedTicks => _state.LastUsedTicks;

    internal void MarkUsed() => _state.MarkUsed();

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
            if (Session.Status == SessionStatus.Stopped && !_state.HasMovedAway)
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

            if (_queue.IsFull)
            {
                _services.Metrics?.CapacityRefused(SessionMetrics.TurnQueue);
                return AshError.Capacity($"Session already has {MaxQueuedTurns} messages waiting; retry when a turn finishes");
            }

            if (_turns.LogBytesLeft == 0)
            {
                return AshError.InsufficientStorage(
                    $"The session's event log reached its quota ({_services.MaxEventLogBytes / ResourceLimits.MiB} MiB, Ash:Sessions:MaxEventLogBytes); fork the session to go on with its conversation",
                    "event_log_full");
            }

            // The turn may start a process: make sure there is room for it before acknowledging.
            if (await _process.ReserveSlotUnlessAliveAsync(cancellationToken) is { } full)
            {
                return full;
            }

            var message = await _services.Messages.AppendAsync(SessionId, Session.TenantId, "user", UserHistoryMessage.For(input.HistoryContentJson ?? input.ContentJson), cancellationToken);
            var turn = _queue.NextTurn();
            var subscription = subscribe(turn);
            _queue.Add(turn, input);
            return (new TurnTicket(turn, message.Id), subscription);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Asks the agent to stop the running turn; kills the process if it does not within a grace period.</summary>
    public Task<bool> InterruptAsync() => _turns.InterruptAsync();

    /// <summary>Runs a command in the session's sandbox beside the agent (<see cref="SandboxCommands"/>).</summary>
    public Task<Result<ExecResult>> ExecAsync(ExecRequest request, CancellationToken cancellationToken) =>
        NotActive() is { } notActive ? Task.FromResult<Result<ExecResult>>(notActive) : _commands.RunAsync(request, cancellationToken);

    /// <summary>Hands the create's agent to this new actor, before its first workflow runs (one agent read per create).</summary>
    public void CreatedWith(Agents.Agent agent) => _agent.CreatedWith(agent);

    /// <summary>After the create's workflow: a start later on reads the agent again, and the session may be stopped to make room.</summary>
    public void CreateDone()
    {
        _agent.CreateDone();
        Volatile.Write(ref _creating, 0);
    }

    /// <summary>Takes a slot for the new session's process, stopping an idle session when none is free (<see cref="AgentProcess.ReserveSlotAsync"/>).</summary>
    public Task<Result<bool>> EnsureSandboxSlotAsync(CancellationToken cancellationToken) => _process.ReserveSlotAsync(cancellationToken);

    /// <summary>Takes over a warm sandbox as the new session's process (<see cref="AgentProcess.Adopt"/>).</summary>
    public void Adopt(ISandboxProcess process) => _process.Adopt(process);

    /// <summary>Runs the first workflow of a session that is being created (create or fork).</summary>
    public Task<Result<Session>> RunNewAsync(LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken) =>
        UnderGateAsync(async () => ToResult(await _services.Lifecycle.RunAsync(_steps, workflow, input, cancellationToken)), cancellationToken);

    public Task<Result<Session>> PauseAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () => Session.Status switch
        {
            SessionStatus.Paused => Session,
            SessionStatus.Active => ToResult(await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.Pause, LifecycleInput.None, cancellationToken)),
            var other => CannotAsk("pause", other),
        }, cancellationToken);

    public Task<Result<Session>> ResumeAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () => Session.Status switch
        {
            SessionStatus.Ended => AshError.Gone("Session has ended and cannot be resumed"),
            SessionStatus.Active => Session,
            _ => await ResumeHoldingGateAsync(cancellationToken),
        }, cancellationToken);

    public Task<Result<Session>> StopAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () => Session.Status switch
        {
            SessionStatus.Stopped => Session,
            SessionStatus.Ended => CannotAsk("stop", SessionStatus.Ended),
            _ => ToResult(await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.Stop, LifecycleInput.None, cancellationToken)),
        }, cancellationToken);

    /// <summary>Ends the session from any status (idempotent): queued turns fail, the process goes, files are reaped later.</summary>
    public Task<Result<Session>> EndAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () =>
        {
            if (Session.Status == SessionStatus.Ended)
            {
                return Session;
            }

            _state.SetHalt(ActorHalt.Ended);
            return ToResult(await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.End, LifecycleInput.None, cancellationToken));
        }, cancellationToken);

    /// <summary>
    /// Changes the session's options. The agent process got its options on its command line, so the next turn starts a new
    /// process (which resumes the conversation from the session's <c>~/.claude</c>); a turn already running finishes with the old ones.
    /// </summary>
    public Task<Result<Session>> ConfigureAsync(SessionConfigChange change, CancellationToken cancellationToken) =>
        UnderGateAsync<Result<Session>>(async () =>
        {
            if (Session.Status == SessionStatus.Ended)
            {
                return AshError.Gone("Session has ended; its config can no longer change");
            }

            var options = change.ApplyTo(Session.Options);
            await _services.Sessions.CommitAsync(new SessionCommit(SessionId, Session.LastActiveAt) { Options = options }, [], cancellationToken);
            _state.Set(Session with { Options = options });
            _process.Reconfigured();
            return Session;
        }, cancellationToken);

    public Task ReceiveReminderAsync(string name, CancellationToken cancellationToken) =>
        UnderGateAsync(async () =>
        {
            switch (name)
            {
                case SessionReminders.Lifecycle:
                    await _services.Lifecycle.ContinueUnfinishedAsync(_steps, cancellationToken);
                    break;
                case SessionReminders.IdleStop:
                    await StopIfIdleAsync(cancellationToken);
                    break;
                case SessionReminders.Recover:
                    await RecoverAsync(cancellationToken);
                    break;
                case SessionReminders.Reap:
                    if (Session.Status == SessionStatus.Ended)
                    {
                        await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.Reap, LifecycleInput.None, cancellationToken);
                    }

                    break;
            }

            return true;
        }, cancellationToken);

    /// <summary>Stops this session to free its slot for another, unless it got busy meanwhile.</summary>
    internal async Task TryStopForCapacityAsync(CancellationToken cancellationToken)
    {
        if (Session.Status == SessionStatus.Ended)
        {
            // Its process is on its way out already (SandboxReleases): the slot frees when it is gone.
            await _process.WhenReleasedAsync().WaitAsync(cancellationToken);
            return;
        }

        await UnderGateAsync(async () =>
        {
            if (!IsBusy && HoldsSandbox && !_state.HasMovedAway)
            {
                await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.Stop, new LifecycleInput(Reason: "capacity"), cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Takes over from a previous owner before anyone else uses the actor (the runtime calls it as it activates the actor):
    /// the turn it left open (<paramref name="leftOpen"/>, 0 for none) is closed at once (its owner can no longer write), and
    /// an unfinished lifecycle operation is handed to the lifecycle reminder, which continues it.
    /// </summary>
    internal async Task TakeOverAsync(long leftOpen, CancellationToken cancellationToken)
    {
        if (leftOpen > 0)
        {
            SessionLog.TookOverOpenTurn(_services.Logger, SessionId, leftOpen);
            await _turns.CloseAsync(leftOpen, LeftOpenTurnError);
        }

        if (await _services.Lifecycle.HasUnfinishedAsync(SessionId, cancellationToken))
        {
            await _services.Reminders.SetAsync(SessionReminders.For(SessionId, SessionReminders.Lifecycle, _services.Time.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>
    /// The runtime moved this actor away (or deactivated it): turns running or queued here end with an error at once and new
    /// ones are refused. The runtime disposes it once its callers are done (<see cref="ActorLease.HandOffAsync"/>).
    /// </summary>
    internal Task MoveAwayAsync()
    {
        _state.SetHalt(ActorHalt.MovedAway);
        return _lifetime.CancelAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Complete();
        await _lifetime.CancelAsync();
        await _process.KillAsync();
        await _queue.Completion;
        await _turns.WhenEscalationsDoneAsync();
        await _process.WhenSlotsReturnedAsync();
        _lifetime.Dispose();
        _gate.Dispose();
    }

    /// <summary>Resumes a paused, stopped or failed session, warm when its process lives; the caller holds the gate.</summary>
    private async Task<Result<Session>> ResumeHoldingGateAsync(CancellationToken cancellationToken)
    {
        if (HasLiveProcess)
        {
            var warm = await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.ResumeWarm, LifecycleInput.None, cancellationToken);
            if (warm.Kind != LifecycleOutcomeKind.Failed)
            {
                _services.Resumes.CountWarm();
            }

            return ToResult(warm);
        }

        var slot = await _process.ReserveSlotAsync(cancellationToken);
        if (!slot.IsSuccess)
        {
            return slot.Error;
        }

        var cold = await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.ResumeCold, LifecycleInput.None, cancellationToken);
        if (cold.Kind != LifecycleOutcomeKind.Failed)
        {
            _services.Resumes.CountCold();
        }

        return ToResult(cold);
    }

    /// <summary>Why turns and commands are refused now (any status but active), or null.</summary>
    private AshError? NotActive()
    {
        if (_state.HasMovedAway)
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

    /// <summary>Activation already took over; a live actor with no turn of its own closes one the row still says runs.</summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        if (IsBusy)
        {
            return;
        }

        await TakeOverAsync(await _services.Sessions.GetRunningTurnAsync(SessionId, cancellationToken), cancellationToken);
        if (IsSuperseded)
        {
            // Its close found the session owned by another activation (this one never heard it moved): the close stored
            // nothing and, failing quietly, left the turn open. Failing the reminder with the lost ownership has the runtime
            // carry it out on a fresh activation, whose take-over closes it.
            throw new OwnershipLostException(SessionId, _ownerEpoch);
        }
    }

    private async Task StopIfIdleAsync(CancellationToken cancellationToken)
    {
        _idleStop.Fired();
        if (IsBusy || !HoldsSandbox)
        {
            // Busy: armed again when the last turn ends. No process: nothing to stop.
            return;
        }

        var due = _idleStop.DueAfter(Session.LastActiveAt);
        if (due > _services.Time.GetUtcNow())
        {
            await _idleStop.ArmAsync(due, cancellationToken);
            return;
        }

        await _services.Lifecycle.RunAsync(_steps, SessionWorkflows.Stop, new LifecycleInput(Reason: "idle"), cancellationToken);
    }

    /// <summary>The last turn accepted has finished: the idle stop is set (again) while the session keeps a sandbox.</summary>
    private Task ArmIdleStopAfterTurnsAsync() =>
        _lifetime.IsCancellationRequested || !HoldsSandbox ? Task.CompletedTask : _idleStop.ArmFromNowQuietlyAsync(_lifetime.Token);

    /// <summary>
    /// A write found a newer owner (this actor's server was cut off while the session moved, or placement ran it twice):
    /// nothing more is written here, turns end, the process is killed (released in the background), and no new caller
    /// gets this actor (<see cref="ActorLease.TryTake"/>): the runtime activates a fresh one, which takes the ownership back
    /// only if the session is used here again.
    /// </summary>
    private void LoseOwnership()
    {
        if (Interlocked.Exchange(ref _superseded, 1) != 0)
        {
            return;
        }

        SessionLog.OwnershipLost(_services.Logger, SessionId);
        _state.HaltUnlessHalted(ActorHalt.TakenOver);
        _process.ReleaseInBackground();
    }

    private async Task<T> UnderGateAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    private Result<Session> ToResult(LifecycleOutcome outcome) => outcome.Kind == LifecycleOutcomeKind.Failed
        ? AshError.Unavailable($"The {outcome.Step} step failed: {outcome.Error}", "lifecycle_failed")
        : Session;

    private static AshError CannotAsk(string verb, SessionStatus status) =>
        AshError.InvalidState($"Cannot {verb} session with status \"{status.ToWire()}\"");
}
