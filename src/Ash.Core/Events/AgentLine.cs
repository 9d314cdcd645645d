namespace Ash.Core.Events;

/// <summary>The translation of one agent output line.</summary>
public readonly record struct AgentLine(AgentLineKind Kind, bool IsError, string? ResultText, string? AssistantMessage)
{
    public static AgentLine Invalid { get; } = new(AgentLineKind.Invalid, true, null, null);
}
