using Ash.Core.Events;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// The primitive steps a session's lifecycle workflows are made of (<see cref="SessionWorkflows"/>), over its actor's
/// parts: the process, the files, the status commits (each with its events, one transaction) and the idle stop. The
/// workflows run under the actor's gate, so no two steps of one session ever run at once.
/// </summary>
internal sealed class SessionSteps(
    SessionActorState state, SessionEventWriter events, AgentProcess process, SessionFiles files, IdleStop idleStop, TimeProvider time) : ISessionSteps
{
    public Guid SessionId => state.SessionId;

    public string TenantId => state.Session.TenantId;

    public string AgentName => state.Session.AgentName;

    public Task PrepareSandboxAsync(CancellationToken cancellationToken) => files.PrepareAsync(cancellationToken);

    public Task StartProcessAsync(CancellationToken cancellationToken)
    {
        state.SetHalt(ActorHalt.None);

        // Started now so the first message does not wait for it; without a free slot it starts with the first message
        // (which then needs one).
        if (process.TryTakeSlot())
        {
            _ = process.EnsureStarted();
        }

        return Task.CompletedTask;
    }

    public async Task StopProcessAsync(CancellationToken cancellationToken)
    {
        state.HaltUnlessHalted(ActorHalt.Stopped);
        await process.KillAsync();
    }

    public async Task EndProcessAsync(CancellationToken cancellationToken)
    {
        state.HaltUnlessHalted(ActorHalt.Stopped);
        if (!process.ReleaseInBackground())
        {
            await process.KillAsync();
        }
    }

    public Task CopyFilesFromAsync(Guid parentSessionId, CancellationToken cancellationToken) => files.CopyFromAsync(parentSessionId, cancellationToken);

    public Task CopyHistoryFromAsync(Guid parentSessionId, CancellationToken cancellationToken) => files.CopyHistoryFromAsync(parentSessionId, cancellationToken);

    public Task ScheduleReapAsync(CancellationToken cancellationToken) => files.ScheduleReapAsync(cancellationToken);

    public Task DeleteFilesAsync(CancellationToken cancellationToken) => files.DeleteAsync(cancellationToken);

    public async Task CommitStatusAsync(SessionStatus status, LifecycleAction action, LifecycleInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await events.WriteAsync(
            0,
            [
                new PendingEvent(EventTypes.Status, EventData.Status(status.ToWire(), input.Reason)),
                new PendingEvent(EventTypes.Lifecycle, EventData.Lifecycle(action.Name, action.Path, input.Reason, input.ParentSessionId)),
            ],
            new SessionCommit(state.SessionId, now) { Status = status, CompletesOperation = true },
            cancellationToken);
        state.Set(state.Session with { Status = status, LastActiveAt = now });
        if (status == SessionStatus.Active)
        {
            state.SetHalt(ActorHalt.None);
        }

        if (status is SessionStatus.Active or SessionStatus.Paused && process.HoldsSlot)
        {
            await idleStop.ArmAsync(idleStop.DueAfter(now), cancellationToken);
        }
    }

    public async Task CommitFailureAsync(string step, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await events.WriteAsync(
            0,
            [
                new PendingEvent(EventTypes.Error, EventData.Error($"The {step} step failed: {error}")),
                new PendingEvent(EventTypes.Status, EventData.Status(SessionStatus.Error.ToWire(), step)),
            ],
            new SessionCommit(state.SessionId, now) { Status = SessionStatus.Error, CompletesOperation = true },
            cancellationToken);
        state.Set(state.Session with { Status = SessionStatus.Error, LastActiveAt = now });
    }
}
