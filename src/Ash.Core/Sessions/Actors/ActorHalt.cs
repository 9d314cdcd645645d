namespace Ash.Core.Sessions.Actors;

/// <summary>
/// Why a session actor runs no more turns: a turn queued or running then ends with an error that says so
/// (<c>"The session was " + <see cref="ActorHalts.Describe"/></c>), and the turn loop runs nothing new.
/// </summary>
public enum ActorHalt
{
    /// <summary>Turns run.</summary>
    None,

    /// <summary>Its process was stopped (stop, idle timeout, capacity); the next resume or message clears it.</summary>
    Stopped,

    /// <summary>The session ended.</summary>
    Ended,

    /// <summary>The actor runtime deactivated the actor here: the session lives on elsewhere.</summary>
    MovedAway,

    /// <summary>Another activation took the session's ownership; this actor's writes fail.</summary>
    TakenOver,
}

public static class ActorHalts
{
    /// <summary>How a turn's error names the halt, after "The session was ".</summary>
    public static string Describe(this ActorHalt halt) => halt switch
    {
        ActorHalt.Stopped => "stopped",
        ActorHalt.Ended => "ended",
        ActorHalt.MovedAway => "moved to another server",
        ActorHalt.TakenOver => "taken over by another server",
        _ => "running",
    };
}
