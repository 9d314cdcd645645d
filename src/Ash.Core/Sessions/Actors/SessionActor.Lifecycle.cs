using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Reminders;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Lifecycle: the operations the API asks for (pause, resume, stop, end, and create/fork on a new
/// actor), the reminders the actor receives (lifecycle retries, idle stop, reap), and the primitive
/// steps the workflows in <see cref="SessionWorkflows"/> are made of.
/// </summary>
public sealed partial class SessionActor : ISessionSteps
{
    private int _idleStopArmed;

    /// <summary>Runs the first workflow of a session that is being created (create or fork).</summary>
    public Task<Result<Session>> RunNewAsync(LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken) =>
        UnderGateAsync(async () => ToResult(await _context.Lifecycle.RunAsync(this, workflow, input, cancellationToken)), cancellationToken);

    public Task<Result<Session>> PauseAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () => Session.Status switch
        {
            SessionStatus.Paused => Session,
            SessionStatus.Active => ToResult(await _context.Lifecycle.RunAsync(this, SessionWorkflows.Pause, LifecycleInput.None, cancellationToken)),
            var other => CannotAsk("pause", other),
        }, cancellationToken);

    public Task<Result<Session>> ResumeAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () =>
        {
            switch (Session.Status)
            {
                case SessionStatus.Ended:
                    return AshError.Gone("Session has ended and cannot be resumed");
                case SessionStatus.Active:
                    return Session;
            }

            return await ResumeHoldingGateAsync(cancellationToken);
        }, cancellationToken);

    /// <summary>Resumes a paused, stopped or failed session, warm when its process lives; the caller holds the gate.</summary>
    private async Task<Result<Session>> ResumeHoldingGateAsync(CancellationToken cancellationToken)
    {
        if (HasLiveProcess)
        {
            var warm = await _context.Lifecycle.RunAsync(this, SessionWorkflows.ResumeWarm, LifecycleInput.None, cancellationToken);
            if (warm.Kind != LifecycleOutcomeKind.Failed)
            {
                _context.Resumes.CountWarm();
            }

            return ToResult(warm);
        }

        var slot = await EnsureSandboxSlotAsync(cancellationToken);
        if (!slot.IsSuccess)
        {
            return slot.Error;
        }

        var cold = await _context.Lifecycle.RunAsync(this, SessionWorkflows.ResumeCold, LifecycleInput.None, cancellationToken);
        if (cold.Kind != LifecycleOutcomeKind.Failed)
        {
            _context.Resumes.CountCold();
        }

        return ToResult(cold);
    }

    public Task<Result<Session>> StopAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () => Session.Status switch
        {
            SessionStatus.Stopped => Session,
            SessionStatus.Ended => CannotAsk("stop", SessionStatus.Ended),
            _ => ToResult(await _context.Lifecycle.RunAsync(this, SessionWorkflows.Stop, LifecycleInput.None, cancellationToken)),
        }, cancellationToken);

    /// <summary>Ends the session from any status (idempotent): queued turns fail, the process goes, files are reaped later.</summary>
    public Task<Result<Session>> EndAsync(CancellationToken cancellationToken) =>
        UnderGateAsync(async () =>
        {
            if (Session.Status == SessionStatus.Ended)
            {
                return Session;
            }

            SetHalt(ActorHalt.Ended);
            return ToResult(await _context.Lifecycle.RunAsync(this, SessionWorkflows.End, LifecycleInput.None, cancellationToken));
        }, cancellationToken);

    /// <summary>Stops this session to free its slot for another, unless it got busy meanwhile.</summary>
    internal async Task TryStopForCapacityAsync(CancellationToken cancellationToken)
    {
        if (Session.Status == SessionStatus.Ended)
        {
            // Its process is on its way out already (SandboxReleases): the slot frees when it is gone.
            await _context.Releases.WhenReleasedAsync(SessionId).WaitAsync(cancellationToken);
            return;
        }

        await UnderGateAsync(async () =>
        {
            if (!IsBusy && HoldsSandbox && !HasMovedAway)
            {
                await _context.Lifecycle.RunAsync(this, SessionWorkflows.Stop, new LifecycleInput(Reason: "capacity"), cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    public Task ReceiveReminderAsync(string name, CancellationToken cancellationToken) =>
        UnderGateAsync(async () =>
        {
            switch (name)
            {
                case SessionReminders.Lifecycle:
                    if (await _context.LifecycleStore.GetAsync(SessionId, cancellationToken) is { } progress)
                    {
                        await _context.Lifecycle.ContinueAsync(this, progress, cancellationToken);
                    }

                    break;
                case SessionReminders.IdleStop:
                    await StopIfIdleAsync(cancellationToken);
                    break;
                case SessionReminders.Recover:
                    // Activation already took over; a live actor with no turn of its own closes one the row still says runs.
                    if (!IsBusy)
                    {
                        await TakeOverAsync(await _context.Sessions.GetRunningTurnAsync(SessionId, cancellationToken), cancellationToken);
                        if (IsSuperseded)
                        {
                            // Its close found the session owned by another activation (this one never heard it moved): the
                            // close stored nothing and, failing quietly, left the turn open. Failing the reminder with the
                            // lost ownership has the runtime carry it out on a fresh activation, whose take-over closes it.
                            throw new OwnershipLostException(SessionId, _ownerEpoch);
                        }
                    }

                    break;
                case SessionReminders.Reap:
                    if (Session.Status == SessionStatus.Ended)
                    {
                        await _context.Lifecycle.RunAsync(this, SessionWorkflows.Reap, LifecycleInput.None, cancellationToken);
                    }

                    break;
            }

            return true;
        }, cancellationToken);

    string ISessionSteps.TenantId => Session.TenantId;

    string ISessionSteps.AgentName => Session.AgentName;

    async Task ISessionSteps.PrepareSandboxAsync(CancellationToken cancellationToken)
    {
        var session = Session;
        var agent = await AgentAtVersionAsync(take: false, cancellationToken);
        if (agent is null)
        {
            if (await _context.SandboxHost.HasFilesAsync(SessionId, cancellationToken))
            {
                return;
            }

            throw new InvalidOperationException($"agent '{session.AgentName}' no longer exists");
        }

        // The session's files are made with the agent's limits (its volume is sized by them); no env is needed for
        // files, so none is opened: the agent's env is opened only as its process starts.
        var config = AgentVersionConfig.Of(agent);
        if (!config.IsSuccess)
        {
            throw new InvalidOperationException(config.Error.Message);
        }

        var files = new Sandboxes.SandboxSpec(session.Id, session.TenantId, agent.Name, agent.Path, new Dictionary<string, string>(), session.Options) { Config = config.Value };
        await _context.SandboxHost.PrepareAsync(files, cancellationToken);
    }

    Task ISessionSteps.StartProcessAsync(CancellationToken cancellationToken)
    {
        SetHalt(ActorHalt.None);
        if (_context.Slots.TryTake(this) is not null)
        {
            WarmUp();
        }

        // Without a free slot the process starts with the first message (which then needs one).
        return Task.CompletedTask;
    }

    async Task ISessionSteps.StopProcessAsync(CancellationToken cancellationToken)
    {
        HaltUnlessHalted(ActorHalt.Stopped);
        await KillProcessAsync();
    }

    async Task ISessionSteps.EndProcessAsync(CancellationToken cancellationToken)
    {
        HaltUnlessHalted(ActorHalt.Stopped);
        if (TakeProcessForRelease() is not { } process)
        {
            await KillProcessAsync();
            return;
        }

        _context.Releases.Track(SessionId, process, _context.Logger);
    }

    async Task ISessionSteps.CopyFilesFromAsync(Guid parentSessionId, CancellationToken cancellationToken)
    {
        await _context.Releases.WhenReleasedAsync(parentSessionId).WaitAsync(cancellationToken);
        await _context.SandboxHost.ForkAsync(parentSessionId, SessionId, cancellationToken);
    }

    Task ISessionSteps.CopyHistoryFromAsync(Guid parentSessionId, CancellationToken cancellationToken) =>
        _context.Messages.CopyAsync(parentSessionId, SessionId, Session.TenantId, cancellationToken);

    Task ISessionSteps.ScheduleReapAsync(CancellationToken cancellationToken) =>
        _context.Reminders.SetAsync(SessionReminders.For(SessionId, SessionReminders.Reap, _context.Time.GetUtcNow() + _context.Options.FileRetention), cancellationToken);

    async Task ISessionSteps.DeleteFilesAsync(CancellationToken cancellationToken)
    {
        await _context.Releases.WhenReleasedAsync(SessionId).WaitAsync(cancellationToken);
        await _context.SandboxHost.DeleteAsync(SessionId, cancellationToken);
    }

    async Task ISessionSteps.CommitStatusAsync(SessionStatus status, LifecycleAction action, LifecycleInput input, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        await _events.WriteAsync(
            0,
            [
                new PendingEvent(EventTypes.Status, EventData.Status(status.ToWire(), input.Reason)),
                new PendingEvent(EventTypes.Lifecycle, EventData.Lifecycle(action.Name, action.Path, input.Reason, input.ParentSessionId)),
            ],
            new SessionCommit(SessionId, now) { Status = status, CompletesOperation = true },
            cancellationToken);
        Volatile.Write(ref _session, Session with { Status = status, LastActiveAt = now });
        if (status == SessionStatus.Active)
        {
            SetHalt(ActorHalt.None);
        }

        if (status is SessionStatus.Active or SessionStatus.Paused && HoldsSandbox)
        {
            await ArmIdleStopAsync(now + _context.Options.IdleTimeout, cancellationToken);
        }
    }

    async Task ISessionSteps.CommitFailureAsync(string step, string error, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        await _events.WriteAsync(
            0,
            [
                new PendingEvent(EventTypes.Error, EventData.Error($"The {step} step failed: {error}")),
                new PendingEvent(EventTypes.Status, EventData.Status(SessionStatus.Error.ToWire(), step)),
            ],
            new SessionCommit(SessionId, now) { Status = SessionStatus.Error, CompletesOperation = true },
            cancellationToken);
        Volatile.Write(ref _session, Session with { Status = SessionStatus.Error, LastActiveAt = now });
    }

    private async Task StopIfIdleAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _idleStopArmed, 0);
        if (IsBusy || !HoldsSandbox)
        {
            // Busy: armed again when the last turn ends. No process: nothing to stop.
            return;
        }

        var due = Session.LastActiveAt + _context.Options.IdleTimeout;
        if (due > _context.Time.GetUtcNow())
        {
            await ArmIdleStopAsync(due, cancellationToken);
            return;
        }

        await _context.Lifecycle.RunAsync(this, SessionWorkflows.Stop, new LifecycleInput(Reason: "idle"), cancellationToken);
    }

    /// <summary>Sets the idle-stop reminder unless one is already set (it re-arms itself when activity moved the deadline).</summary>
    private async Task ArmIdleStopAsync(DateTimeOffset due, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _idleStopArmed, 1) == 1)
        {
            return;
        }

        try
        {
            await _context.Reminders.SetAsync(SessionReminders.For(SessionId, SessionReminders.IdleStop, due), cancellationToken);
        }
        catch
        {
            Interlocked.Exchange(ref _idleStopArmed, 0);
            throw;
        }
    }

    private async Task ArmIdleStopQuietlyAsync()
    {
        if (!HoldsSandbox)
        {
            return;
        }

        try
        {
            await ArmIdleStopAsync(_context.Time.GetUtcNow() + _context.Options.IdleTimeout, _lifetime.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SessionLog.ReminderFailed(_context.Logger, SessionId, exception);
        }
        catch (OperationCanceledException)
        {
        }
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
