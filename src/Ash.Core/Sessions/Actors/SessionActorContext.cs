using Ash.Core.Agents;
using Ash.Core.Budgets;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Reminders;
using Ash.Core.Sandboxes;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Actors;

/// <summary>The services every session actor uses.</summary>
public sealed record SessionActorContext(
    ISessionStore Sessions,
    IAgentStore Agents,
    IMessageStore Messages,
    IEventLog EventLog,
    IEventBus EventBus,
    ISandboxHost SandboxHost,
    IReminders Reminders,
    ILifecycleOrchestrator Lifecycle,
    SandboxSlots Slots,
    SessionRuntimeOptions Options,
    TimeProvider Time,
    PlatformInfo Platform,
    ILogger Logger)
{
    public ResumeCounters Resumes { get; init; } = new();

    /// <summary>Processes of ended sessions still being torn down (<see cref="SandboxReleases"/>).</summary>
    public SandboxReleases Releases { get; init; } = new();

    /// <summary>Where each turn's <c>maxBudgetUsd</c> and spending are kept for the model proxy of the session's sandbox.</summary>
    public TurnBudgets TurnBudgets { get; init; } = new();

    /// <summary>Turn, event and refusal instruments; null where nothing measures (tests that build a context by hand).</summary>
    public SessionMetrics? Metrics { get; init; }
    /// <summary>Opens the agent's sealed env values as its process starts (<see cref="AgentEnvironment"/>).</summary>
    public required ISecretProtector Secrets { get; init; }
}
