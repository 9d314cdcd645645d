namespace Ash.Server.OpenApi;

/// <summary>What the SSE routes stream, for the OpenAPI document (docs/api.md, "SSE", says it at length).</summary>
internal static class EventStreamDescriptions
{
    private const string Frames =
        "Server-Sent Events: each frame is `id: <seq>`, `event: <type>` and one line of JSON `data:`; a `: keepalive` comment "
        + "every 15 s. Event types and their data: `session_start {sessionId, version}`, `text_delta {delta}` and "
        + "`thinking_delta {delta}` (with includePartialMessages), `tool_use {id, name, input}`, "
        + "`tool_result {tool_use_id, content, is_error}`, `message` (the agent's raw stream-json object), "
        + "`turn_complete {numTurns, result}`, `status`, `usage`, `resource_limit`, `truncated`, `error {error, code?}`, "
        + "`done {sessionId}`. A revoked key ends the stream with an unnumbered `error` (code `api_key_revoked`).";

    public const string Turn = "The turn's events, from `session_start` to `done` (an error ends it with `error`, then `done`). " + Frames;

    public const string Reattach = "The session's events after `Last-Event-ID` (or `?after`) replayed from the log, then live until the session ends. " + Frames;
}
