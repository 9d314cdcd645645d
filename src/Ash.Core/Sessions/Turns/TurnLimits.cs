using Ash.Core.Agents;
using Ash.Core.Sessions.Actors;

namespace Ash.Core.Sessions.Turns;

/// <summary>
/// What bounds one turn (issue 12): its wall clock, the longest silence of the agent within it, and how
/// much output it may write (bytes as the agent wrote them, and events). The server's defaults are
/// replaced by the agent's <c>ash.json</c>; a message can only tighten the time limits for its own turn.
/// </summary>
public sealed record TurnLimits(TimeSpan Timeout, TimeSpan SilenceTimeout, long MaxOutputBytes, int MaxOutputEvents)
{
    public static TurnLimits Resolve(SessionRuntimeOptions server, AgentTurnLimits agent, TurnInput message)
    {
        var timeout = agent.Timeout ?? server.TurnTimeout;
        var silence = agent.SilenceTimeout ?? server.TurnSilenceTimeout;
        return new TurnLimits(
            Tighter(timeout, message.Timeout),
            Tighter(silence, message.SilenceTimeout),
            agent.MaxOutputBytes ?? server.TurnMaxOutputBytes,
            agent.MaxOutputEvents ?? server.TurnMaxOutputEvents);
    }

    private static TimeSpan Tighter(TimeSpan limit, TimeSpan? asked) => asked is { } value && value < limit ? value : limit;
}
