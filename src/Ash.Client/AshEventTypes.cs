namespace Ash.Client;

/// <summary>Names of the event types a session stream carries (the SSE <c>event:</c> field).</summary>
public static class AshEventTypes
{
    /// <summary>First event of a turn: <c>{sessionId, version}</c>.</summary>
    public const string SessionStart = "session_start";

    /// <summary>
    /// Session status change: <c>{status}</c>, plus <c>reason</c> when the server stopped the session by
    /// itself (<c>idle</c> after the idle timeout, <c>capacity</c> to make room for another session).
    /// </summary>
    public const string Status = "status";

    /// <summary>A piece of assistant text: <c>{delta}</c>. Needs <see cref="SendMessageOptions.IncludePartialMessages"/>.</summary>
    public const string TextDelta = "text_delta";

    /// <summary>A piece of the model's thinking: <c>{delta}</c>.</summary>
    public const string ThinkingDelta = "thinking_delta";

    /// <summary>The agent calls a tool: <c>{id, name, input}</c>.</summary>
    public const string ToolUse = "tool_use";

    /// <summary>A tool's answer: <c>{tool_use_id, content, is_error}</c>.</summary>
    public const string ToolResult = "tool_result";

    /// <summary>The agent's raw stream-json object, after the events derived from it.</summary>
    public const string Message = "message";

    /// <summary>The turn finished: <c>{numTurns, result}</c>.</summary>
    public const string TurnComplete = "turn_complete";

    /// <summary>Token and cost usage of the turn.</summary>
    public const string Usage = "usage";

    /// <summary>The turn failed: <c>{error}</c>. A <see cref="Done"/> event follows.</summary>
    public const string Error = "error";

    /// <summary>Last event of a turn: <c>{sessionId}</c>. The message stream ends after it.</summary>
    public const string Done = "done";
}
