namespace Ash.Core.Events;

/// <summary>The translation of one agent output line.</summary>
/// <param name="HistoryMessage">
/// The whole line when it is an <c>assistant</c> or <c>result</c> message: the conversation history keeps those
/// as Ash does, so Ash's clients can show a reopened session (issue 13).
/// </param>
public readonly record struct AgentLine(AgentLineKind Kind, bool IsError, string? ResultText, string? HistoryMessage)
{
    /// <summary>The model response an <c>assistant</c> line of the main agent (not a sub-agent) belongs to: its message id.</summary>
    public string? ModelResponseId { get; init; }

    public static AgentLine Invalid { get; } = new(AgentLineKind.Invalid, true, null, null);
}
