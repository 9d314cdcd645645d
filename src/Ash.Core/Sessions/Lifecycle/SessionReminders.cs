using Ash.Core.Reminders;

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>The reminders of the session actor type.</summary>
public static class SessionReminders
{
    public const string ActorType = "session";

    /// <summary>Continues a lifecycle operation after a failed step (retry with backoff) or a restart.</summary>
    public const string Lifecycle = "lifecycle";

    /// <summary>Stops the process of a session left idle for the idle timeout (scale to zero).</summary>
    public const string IdleStop = "idle-stop";

    /// <summary>
    /// Wakes the actor of a session whose host may have died with work unfinished: activating it closes
    /// the turn left open and continues the lifecycle operation (actors that move between hosts only).
    /// </summary>
    public const string Recover = "recover";

    /// <summary>Removes an ended session's files after the retention period.</summary>
    public const string Reap = "reap";

    /// <summary>The reminder <paramref name="name"/> of the session's actor, due at <paramref name="dueAt"/>.</summary>
    public static Reminder For(Guid sessionId, string name, DateTimeOffset dueAt) =>
        new(ActorType, sessionId.ToString(), name, dueAt, null);
}
