namespace Ash.Core.Agents;

/// <summary>
/// The <c>turns</c> section of <c>ash.json</c>: how long one turn may run, how long the agent may stay
/// silent within it, and how much output it may write. Unset values come from the server's defaults
/// (<see cref="Sessions.Turns.TurnLimits"/>).
/// </summary>
public sealed record AgentTurnLimits(TimeSpan? Timeout, TimeSpan? SilenceTimeout, long? MaxOutputBytes, int? MaxOutputEvents)
{
    public static readonly AgentTurnLimits None = new(null, null, null, null);
}
