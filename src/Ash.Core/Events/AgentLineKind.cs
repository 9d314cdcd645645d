namespace Ash.Core.Events;

/// <summary>What one line of the agent's stream-json output means for the running turn.</summary>
public enum AgentLineKind
{
    /// <summary>An ordinary message: its events go to the log.</summary>
    Message,

    /// <summary>The <c>result</c> message: the turn is over.</summary>
    Result,

    /// <summary>A partial message the turn did not ask for: nothing of it is kept.</summary>
    Skipped,

    /// <summary>A reply to one of our control requests (interrupt): not shown to clients.</summary>
    ControlResponse,

    /// <summary>Not a JSON object: the agent broke the protocol.</summary>
    Invalid,
}
