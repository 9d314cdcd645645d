using Ash.Core.Agents;
using Ash.Core.Events;

namespace Ash.Core.Sessions.Actors;

/// <summary>
/// A session actor's collaborators, grouped by the part that uses them (issue 16: no part sees a service it does not
/// use). The runtime builds them once from its <see cref="SessionActorContext"/>; each activation hands each part its group.
/// </summary>
internal sealed record SessionActorServices(
    SessionActor.Services Actor,
    SessionActorServices.WriterServices Writer,
    IAgentStore Agents,
    AgentProcess.Services Process,
    TurnRunner.Services Turns,
    SessionFiles.Services Files)
{
    /// <summary>What the session's event writer appends to and publishes on.</summary>
    public sealed record WriterServices(IEventLog EventLog, ISessionStore Sessions, IEventBus EventBus, SessionMetrics? Metrics);

    public static SessionActorServices From(SessionActorContext context)
    {
        var options = context.Options;
        return new SessionActorServices(
            new SessionActor.Services(
                context.Sessions,
                context.Messages,
                context.Lifecycle,
                context.Reminders,
                context.Resumes,
                options.IdleTimeout,
                options.MaxEventLogBytes,
                context.Time,
                context.Metrics,
                context.Logger),
            new WriterServices(context.EventLog, context.Sessions, context.EventBus, context.Metrics),
            context.Agents,
            new AgentProcess.Services(context.SandboxHost, context.Slots, context.Secrets, context.Releases, options.CapacityRetryAfter, context.Metrics, context.Logger),
            new TurnRunner.Services(context.Messages, context.TurnBudgets, context.Platform, options, context.Resumes, context.Time, context.Metrics, context.Logger),
            new SessionFiles.Services(context.SandboxHost, context.Messages, context.Reminders, context.Releases, options.FileRetention, context.Time));
    }
}
