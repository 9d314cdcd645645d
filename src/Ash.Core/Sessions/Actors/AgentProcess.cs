using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Secrets;
using Ash.Core.Tracing;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// A session's agent process: started in the background within the live-sandbox budget (a slot held by the session's
/// actor, <see cref="SandboxSlots"/>), restarted when the options it started with no longer fit, killed on stop, handed to
/// <see cref="SandboxReleases"/> when the session ends or is taken over. One at a time; <c>_lock</c> guards the swap.
/// </summary>
internal sealed class AgentProcess
{
    private const int EvictionAttempts = 4;

    private readonly SessionActor _holder;
    private readonly SessionActorState _state;
    private readonly SessionAgent _agent;
    private readonly Services _services;
    private readonly CancellationToken _lifetime;
    private readonly Lock _lock = new();
    private Task<StartAttempt>? _starting;

    /// <summary>The waits that give each started process's slot back when it is gone (<see cref="ReturnSlotOnExit"/>).</summary>
    private Task _slotReturns = Task.CompletedTask;

    /// <summary>The output schema the current process was started with (<c>--json-schema</c>), or null.</summary>
    private string? _schema;

    /// <summary>The session's options changed since the process started (<see cref="Reconfigured"/>).</summary>
    private int _reconfigured;

    /// <param name="holder">Whose slot the process runs in.</param>
    /// <param name="lifetime">Cancelled when the actor goes: a start under way gives up.</param>
    public AgentProcess(SessionActor holder, SessionActorState state, SessionAgent agent, Services services, CancellationToken lifetime)
    {
        _holder = holder;
        _state = state;
        _agent = agent;
        _services = services;
        _lifetime = lifetime;
    }

    /// <summary>What the process part uses, and nothing else.</summary>
    public sealed record Services(
        ISandboxHost Host,
        SandboxSlots Slots,
        ISecretProtector Secrets,
        SandboxReleases Releases,
        TimeSpan CapacityRetryAfter,
        SessionMetrics? Metrics,
        ILogger Logger);

    private Guid SessionId => _state.SessionId;

    /// <summary>True while the agent process is alive.</summary>
    public bool IsAlive => Volatile.Read(ref _starting) is { IsCompletedSuccessfully: true } starting && starting.Result.Process is { Exited.IsCompleted: false };

    /// <summary>A process is alive or starting, so a turn need not start one.</summary>
    public bool IsAliveOrStarting =>
        Volatile.Read(ref _starting) is { } starting && (!starting.IsCompleted || starting.Result.Process is { Exited.IsCompleted: false });

    /// <summary>The running process, or null (none, or a start under way).</summary>
    public ISandboxProcess? Current => Volatile.Read(ref _starting) is { IsCompletedSuccessfully: true } starting ? starting.Result.Process : null;

    /// <summary>The actor holds one of the live-sandbox slots (its process is starting or alive).</summary>
    public bool HoldsSlot => _services.Slots.Holds(_holder);

    /// <summary>Takes a free slot for the process (or the one held already); false when none is free.</summary>
    public bool TryTakeSlot() => _services.Slots.TryTake(_holder) is not null;

    /// <summary>
    /// Makes sure the process may run: the actor already holds a slot, or takes a free one, or stops the least recently
    /// used idle session to make room. Fails with a capacity error (503 with Retry-After) when every live session is busy.
    /// </summary>
    public async Task<Result<bool>> ReserveSlotAsync(CancellationToken cancellationToken)
    {
        var slots = _services.Slots;
        for (var attempt = 0; attempt < EvictionAttempts; attempt++)
        {
            if (slots.TryTake(_holder) is not null)
            {
                return true;
            }

            var victim = slots.ClaimIdleVictim(_holder);
            if (victim is null)
            {
                break;
            }

            try
            {
                await victim.TryStopForCapacityAsync(cancellationToken);
            }
            finally
            {
                slots.Unclaim(victim);
            }
        }

        _services.Metrics?.CapacityRefused(SessionMetrics.LiveSandboxes);
        return AshError.Capacity($"All {slots.Capacity} live sandboxes are busy; retry shortly", _services.CapacityRetryAfter);
    }

    /// <summary>Reserves room for a process unless one runs already; the capacity error when there is none.</summary>
    public async Task<AshError?> ReserveSlotUnlessAliveAsync(CancellationToken cancellationToken)
    {
        if (IsAlive)
        {
            return null;
        }

        var slot = await ReserveSlotAsync(cancellationToken);
        return slot.IsSuccess ? null : slot.Error;
    }

    /// <summary>
    /// Takes over an already running sandbox (from the warm pool) as the session's process. The actor must hold a slot
    /// (<see cref="ReserveSlotAsync"/>), which the process frees when it exits.
    /// </summary>
    public void Adopt(ISandboxProcess process)
    {
        var slot = _services.Slots.TryTake(_holder) ?? throw new InvalidOperationException("adopting a sandbox needs a slot");
        lock (_lock)
        {
            _starting = Task.FromResult(new StartAttempt(process, null));
        }

        ReturnSlotOnExit(process, slot);
    }

    /// <summary>The running or starting process, or a new one started (with <paramref name="outputSchema"/> when one is needed).</summary>
    public Task<StartAttempt> EnsureStarted(string? outputSchema = null)
    {
        lock (_lock)
        {
            var starting = _starting;
            var reusable = starting is not null
                && (!starting.IsCompleted || (starting.Result.Process is { } process && !process.Exited.IsCompleted));
            if (!reusable)
            {
                _schema = outputSchema;
                _starting = starting = StartAsync(outputSchema);
            }

            return starting!;
        }
    }

    /// <summary>The session's options changed: the next turn starts a process with them (<see cref="RestartIfReconfiguredAsync"/>).</summary>
    public void Reconfigured() => Volatile.Write(ref _reconfigured, 1);

    /// <summary>Before a turn: the process still runs with options changed since it started, so it makes way for a new one.</summary>
    public async Task RestartIfReconfiguredAsync()
    {
        if (Interlocked.Exchange(ref _reconfigured, 0) == 1 && IsAlive)
        {
            await KillAsync();
        }
    }

    /// <summary>
    /// The CLI takes an output schema only when it starts, so a message with <c>outputFormat</c> runs in a process
    /// started with it, and the next message without one in a process started without: the process is restarted
    /// over the kept conversation (<c>--resume</c>) when the schema it runs with is not the one the turn needs.
    /// </summary>
    public async Task MatchOutputSchemaAsync(string? outputSchema)
    {
        if (IsAliveOrStarting && !string.Equals(Volatile.Read(ref _schema), outputSchema, StringComparison.Ordinal))
        {
            SessionLog.RestartingForOutputSchema(_services.Logger, SessionId, outputSchema is not null);
            await KillAsync();
        }
    }

    /// <summary>Kills the process (if any, waiting for a start in progress) and frees its slot.</summary>
    public async Task KillAsync()
    {
        Task<StartAttempt>? starting;
        lock (_lock)
        {
            starting = _starting;
        }

        if (starting is not null && (await starting).Process is { } process)
        {
            try
            {
                await process.KillAsync();
                await process.DisposeAsync();
            }
            catch (Exception exception)
            {
                // A process whose end faulted (its teardown failed) is gone all the same: a stop, a restart and the
                // actor's disposal go on past it rather than failing with it.
                SessionLog.KillFailed(_services.Logger, SessionId, exception);
            }
        }

        // The slot of the killed process, or one reserved for a process that never started.
        _services.Slots.Forget(_holder);
    }

    /// <summary>
    /// Lets the process go without waiting for it: the kill is sent now and <see cref="SandboxReleases"/> finishes the
    /// release in the background (its slot frees when it is gone). Nothing runs in it again. False when no process has
    /// started (none, or a start is under way).
    /// </summary>
    public bool ReleaseInBackground()
    {
        ISandboxProcess process;
        lock (_lock)
        {
            if (_starting is not { IsCompletedSuccessfully: true, Result.Process: { } started })
            {
                return false;
            }

            _starting = null;
            process = started;
        }

        _services.Releases.Track(SessionId, process, _services.Logger);
        return true;
    }

    /// <summary>Completes once a process let go of with <see cref="ReleaseInBackground"/> is gone and released.</summary>
    public Task WhenReleasedAsync() => _services.Releases.WhenReleasedAsync(SessionId);

    /// <summary>Waits for the slots of every process this part started to be given back.</summary>
    public Task WhenSlotsReturnedAsync()
    {
        lock (_lock)
        {
            return _slotReturns;
        }
    }

    private async Task<StartAttempt> StartAsync(string? outputSchema)
    {
        var slots = _services.Slots;
        var slot = slots.TryTake(_holder);
        if (slot is null)
        {
            return new StartAttempt(null, $"all {slots.Capacity} live sandboxes are in use");
        }

        var session = _state.Session;

        // A child of the step or turn that needed the process; it ends when the process runs, not when the agent is ready.
        using var span = SessionTracing.Start(SessionTracing.SandboxStart, session);
        try
        {
            var agent = await _agent.AtVersionAsync(take: true, _lifetime);
            if (agent is null)
            {
                slots.Release(_holder, slot);
                TraceAttributes.SetFailed(span, "agent_not_found");
                return new StartAttempt(null, $"agent '{session.AgentName}' no longer exists");
            }

            var config = AgentVersionConfig.Of(agent);
            if (!config.IsSuccess)
            {
                slots.Release(_holder, slot);
                TraceAttributes.SetFailed(span, "invalid_agent_config");
                return new StartAttempt(null, config.Error.Message);
            }

            _agent.Learn(config.Value.Turns);
            var options = outputSchema is null ? session.Options : session.Options with { OutputSchemaJson = outputSchema };
            var spec = new SandboxSpec(session.Id, session.TenantId, agent.Name, agent.Path, AgentEnvironment.Open(agent, _services.Secrets), options) { Config = config.Value };
            var process = await _services.Host.StartAsync(spec, _lifetime);
            SessionLog.SandboxStarted(_services.Logger, session.Id, process.SandboxId);

            ReturnSlotOnExit(process, slot);
            return new StartAttempt(process, null);
        }
        catch (OperationCanceledException)
        {
            slots.Release(_holder, slot);
            TraceAttributes.SetFailed(span, "shutting_down");
            return new StartAttempt(null, "the session is shutting down");
        }
        catch (Exception exception)
        {
            slots.Release(_holder, slot);
            TraceAttributes.SetFailed(span, "sandbox_start_failed");
            SessionLog.SandboxStartFailed(_services.Logger, SessionId, exception);
            return new StartAttempt(null, exception.Message);
        }
    }

    /// <summary>
    /// The slot is free again as soon as the process is gone, however it ended. The wait is the part's own: awaited when
    /// the actor is disposed, and a process whose end faulted is logged.
    /// </summary>
    private void ReturnSlotOnExit(ISandboxProcess process, object slot)
    {
        var returned = ReturnSlotWhenGoneAsync(process, slot);
        lock (_lock)
        {
            _slotReturns = _slotReturns.IsCompleted ? returned : Task.WhenAll(_slotReturns, returned);
        }
    }

    /// <summary>Never throws. The token makes sure an old process's end never frees its successor's slot.</summary>
    private async Task ReturnSlotWhenGoneAsync(ISandboxProcess process, object slot)
    {
        try
        {
            await process.Exited;
        }
        catch (Exception exception)
        {
            SessionLog.ProcessEndFaulted(_services.Logger, SessionId, process.SandboxId, exception);
        }
        finally
        {
            _services.Slots.Release(_holder, slot);
        }
    }
}
