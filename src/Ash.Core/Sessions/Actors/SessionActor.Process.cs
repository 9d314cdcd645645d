using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions.Actors;

/// <summary>The agent process: started in the background within the live-sandbox budget, killed on stop.</summary>
public sealed partial class SessionActor
{
    private const int EvictionAttempts = 4;

    private readonly Lock _processLock = new();
    private Task<StartAttempt>? _starting;

    /// <summary>The waits that give each started process's slot back when it is gone (<see cref="ReturnSlotOnExit"/>).</summary>
    private Task _slotReturns = Task.CompletedTask;

    /// <summary>The output schema the current process was started with (<c>--json-schema</c>), or null.</summary>
    private string? _processSchema;

    /// <summary>True while the agent process of this session is alive.</summary>
    public bool HasLiveProcess
    {
        get
        {
            var starting = Volatile.Read(ref _starting);
            return starting is { IsCompletedSuccessfully: true } && starting.Result.Process is { Exited.IsCompleted: false };
        }
    }

    /// <summary>
    /// Takes over an already running sandbox (from the warm pool) as this session's process. The actor
    /// must hold a slot (<see cref="EnsureSandboxSlotAsync"/>), which the process frees when it exits.
    /// </summary>
    public void Adopt(ISandboxProcess process)
    {
        var slot = _context.Slots.TryTake(this) ?? throw new InvalidOperationException("adopting a sandbox needs a slot");
        lock (_processLock)
        {
            _starting = Task.FromResult(new StartAttempt(process, null));
        }

        ReturnSlotOnExit(process, slot);
    }

    /// <summary>Starts the agent process now so the first message does not wait for it; never blocks.</summary>
    public void WarmUp() => EnsureStarting();

    /// <summary>
    /// Makes sure this actor may run a process: it already holds a slot, or takes a free one, or stops
    /// the least recently used idle session to make room. Fails with a capacity error (503 with
    /// Retry-After) when every live session is busy.
    /// </summary>
    public async Task<Result<bool>> EnsureSandboxSlotAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < EvictionAttempts; attempt++)
        {
            if (_context.Slots.TryTake(this) is not null)
            {
                return true;
            }

            var victim = _context.Slots.ClaimIdleVictim(this);
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
                _context.Slots.Unclaim(victim);
            }
        }

        _context.Metrics?.CapacityRefused(SessionMetrics.LiveSandboxes);
        return AshError.Capacity(
            $"All {_context.Slots.Capacity} live sandboxes are busy; retry shortly",
            _context.Options.CapacityRetryAfter);
    }

    /// <summary>Reserves room for a process unless one runs already; the capacity error when there is none.</summary>
    private async Task<AshError?> ReserveSlotUnlessLiveAsync(CancellationToken cancellationToken)
    {
        if (HasLiveProcess)
        {
            return null;
        }

        var slot = await EnsureSandboxSlotAsync(cancellationToken);
        return slot.IsSuccess ? null : slot.Error;
    }

    /// <summary>A process is alive or starting, so a turn need not start one.</summary>
    private bool HasProcessOrStart()
    {
        var starting = Volatile.Read(ref _starting);
        return starting is not null && (!starting.IsCompleted || starting.Result.Process is { Exited.IsCompleted: false });
    }

    /// <summary>The running or starting process, or a new one started (with <paramref name="outputSchema"/> when one is needed).</summary>
    private Task<StartAttempt> EnsureStarting(string? outputSchema = null)
    {
        lock (_processLock)
        {
            var starting = _starting;
            var reusable = starting is not null
                && (!starting.IsCompleted || (starting.Result.Process is { } process && !process.Exited.IsCompleted));
            if (!reusable)
            {
                _processSchema = outputSchema;
                _starting = starting = StartProcessCoreAsync(outputSchema);
            }

            return starting!;
        }
    }

    /// <summary>
    /// The CLI takes an output schema only when it starts, so a message with <c>outputFormat</c> runs in a process
    /// started with it, and the next message without one in a process started without: the process is restarted
    /// over the kept conversation (<c>--resume</c>) when the schema it runs with is not the one the turn needs.
    /// </summary>
    private async Task MatchOutputSchemaAsync(string? outputSchema)
    {
        if (HasProcessOrStart() && !string.Equals(Volatile.Read(ref _processSchema), outputSchema, StringComparison.Ordinal))
        {
            SessionLog.RestartingForOutputSchema(_context.Logger, SessionId, outputSchema is not null);
            await KillProcessAsync();
        }
    }

    private async Task<StartAttempt> StartProcessCoreAsync(string? outputSchema)
    {
        var slot = _context.Slots.TryTake(this);
        if (slot is null)
        {
            return new StartAttempt(null, $"all {_context.Slots.Capacity} live sandboxes are in use");
        }

        // A child of the step or turn that needed the process; it ends when the process runs, not when the agent is ready.
        using var span = SessionTracing.Start(SessionTracing.SandboxStart, Session);
        try
        {
            var session = Session;
            var agent = await AgentAtVersionAsync(take: true, _lifetime.Token);
            if (agent is null)
            {
                _context.Slots.Release(this, slot);
                TraceAttributes.SetFailed(span, "agent_not_found");
                return new StartAttempt(null, $"agent '{session.AgentName}' no longer exists");
            }

            var config = AgentVersionConfig.Of(agent);
            if (!config.IsSuccess)
            {
                _context.Slots.Release(this, slot);
                TraceAttributes.SetFailed(span, "invalid_agent_config");
                return new StartAttempt(null, config.Error.Message);
            }

            Volatile.Write(ref _agentTurnLimits, config.Value.Turns);
            var options = outputSchema is null ? session.Options : session.Options with { OutputSchemaJson = outputSchema };
            var spec = new SandboxSpec(session.Id, session.TenantId, agent.Name, agent.Path, AgentEnvironment.Open(agent, _context.Secrets), options) { Config = config.Value };
            var process = await _context.SandboxHost.StartAsync(spec, _lifetime.Token);
            SessionLog.SandboxStarted(_context.Logger, session.Id, process.SandboxId);

            ReturnSlotOnExit(process, slot);
            return new StartAttempt(process, null);
        }
        catch (OperationCanceledException)
        {
            _context.Slots.Release(this, slot);
            TraceAttributes.SetFailed(span, "shutting_down");
            return new StartAttempt(null, "the session is shutting down");
        }
        catch (Exception exception)
        {
            _context.Slots.Release(this, slot);
            TraceAttributes.SetFailed(span, "sandbox_start_failed");
            SessionLog.SandboxStartFailed(_context.Logger, SessionId, exception);
            return new StartAttempt(null, exception.Message);
        }
    }

    /// <summary>
    /// The slot is free again as soon as the process is gone, however it ended. The wait is the actor's: awaited when it is
    /// disposed, and a process whose end faulted is logged (a continuation set with <c>ContinueWith</c> told nobody).
    /// </summary>
    private void ReturnSlotOnExit(ISandboxProcess process, object slot)
    {
        var returned = ReturnSlotWhenGoneAsync(process, slot);
        lock (_processLock)
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
            SessionLog.ProcessEndFaulted(_context.Logger, SessionId, process.SandboxId, exception);
        }
        finally
        {
            _context.Slots.Release(this, slot);
        }
    }

    private ISandboxProcess? CurrentProcess()
    {
        var starting = Volatile.Read(ref _starting);
        return starting is { IsCompletedSuccessfully: true } ? starting.Result.Process : null;
    }

    /// <summary>
    /// The process, which the actor lets go of, when one has started; null when none has or a start is under way. Its slot
    /// stays taken until it exits (the wait set at its start gives it back, <see cref="ReturnSlotOnExit"/>).
    /// </summary>
    private ISandboxProcess? TakeProcessForRelease()
    {
        lock (_processLock)
        {
            if (_starting is not { IsCompletedSuccessfully: true, Result.Process: { } process })
            {
                return null;
            }

            _starting = null;
            return process;
        }
    }

    /// <summary>Kills the process (if any, waiting for a start in progress) and frees its slot.</summary>
    private async Task KillProcessAsync()
    {
        Task<StartAttempt>? starting;
        lock (_processLock)
        {
            starting = _starting;
        }

        if (starting is not null)
        {
            var attempt = await starting;
            if (attempt.Process is { } process)
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
                    SessionLog.KillFailed(_context.Logger, SessionId, exception);
                }
            }

        }

        // The slot of the killed process, or one reserved for a process that never started.
        _context.Slots.Forget(this);
    }
}
