namespace Ash.Core.Events;

/// <summary>SSE event names. The first group is Ash-compatible (API.md), and so is <c>lifecycle</c> (Ash's timeline entry); status and usage are ours.</summary>
public static class EventTypes
{
    public const string SessionStart = "session_start";
    public const string TextDelta = "text_delta";
    public const string ThinkingDelta = "thinking_delta";
    public const string ToolUse = "tool_use";
    public const string ToolResult = "tool_result";
    public const string Message = "message";
    public const string TurnComplete = "turn_complete";
    public const string Error = "error";
    public const string Done = "done";
    public const string Status = "status";
    public const string Usage = "usage";
    public const string Lifecycle = "lifecycle";

    /// <summary>A limit the kernel enforced in the sandbox: <c>{resource, limit, count, message}</c>.</summary>
    public const string ResourceLimit = "resource_limit";

    /// <summary>A turn's output stops being kept here (an output limit, a line too long, the event-log quota): <c>{reason, limit, message}</c>.</summary>
    public const string Truncated = "truncated";
}
