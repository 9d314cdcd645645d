using Ash.Core.Events;

namespace Ash.Core.Timeline;

/// <summary>Ash's timeline vocabulary (its <c>SessionEventType</c>), and which event-log entries each is read from.</summary>
public static class TimelineTypes
{
    public const string Text = "text";
    public const string ToolStart = "tool_start";
    public const string ToolResult = "tool_result";
    public const string Reasoning = "reasoning";
    public const string TurnComplete = "turn_complete";
    public const string Error = "error";
    public const string Lifecycle = "lifecycle";

    private static readonly string[] AllSources = [EventTypes.Message, EventTypes.Error, EventTypes.Lifecycle];
    private static readonly string[] MessageSource = [EventTypes.Message];
    private static readonly string[] ErrorSource = [EventTypes.Error];
    private static readonly string[] LifecycleSource = [EventTypes.Lifecycle];

    /// <summary>
    /// The event-log types a timeline of <paramref name="type"/> (all types when null) is read from; empty for a
    /// type we never write (Ash's <c>mcp_status</c>, or any other string: like Ash, an unknown type matches nothing).
    /// </summary>
    public static IReadOnlyList<string> SourcesOf(string? type) => type switch
    {
        null => AllSources,
        Text or ToolStart or ToolResult or Reasoning or TurnComplete => MessageSource,
        Error => ErrorSource,
        Lifecycle => LifecycleSource,
        _ => [],
    };
}
