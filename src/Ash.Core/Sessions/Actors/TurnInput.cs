using Ash.Core.Sessions.Turns;

namespace Ash.Core.Sessions.Actors;

/// <summary>One user message to run as a turn. <see cref="ContentJson"/> is a JSON string or an array of content blocks.</summary>
public sealed record TurnInput(string ContentJson, bool IncludePartialMessages)
{
    /// <summary>This turn's wall-clock limit, when the message asks for one; it can only tighten the agent's and the server's.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How long this turn may go without output, when the message asks; it can only tighten the agent's and the server's.</summary>
    public TimeSpan? SilenceTimeout { get; init; }

    /// <summary>
    /// The content as the history keeps it, when it is not <see cref="ContentJson"/>: a message's attachment
    /// references, where the model gets the attachments' bytes (issue 13).
    /// </summary>
    public string? HistoryContentJson { get; init; }

    /// <summary>What the message sets for its own turn (model, thinking, effort, turn count, output schema, budget).</summary>
    public TurnOptions Options { get; init; } = TurnOptions.None;
}
