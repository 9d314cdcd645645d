using System.Text.Json;

namespace Ash.Client;

/// <summary>A batch job: one prompt for one agent, run by the server's queue.</summary>
/// <param name="Id">Job id (a UUID).</param>
/// <param name="TenantId">Tenant that owns the job.</param>
/// <param name="SessionId">The session the job runs in: the one it was queued for, or the one it made.</param>
/// <param name="AgentName">Agent that runs the prompt.</param>
/// <param name="Prompt">The prompt.</param>
/// <param name="Status"><c>pending</c>, <c>processing</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Priority">Higher runs first.</param>
/// <param name="RetryCount">Failed attempts so far.</param>
/// <param name="MaxRetries">Attempts after the first one that may fail before the job fails.</param>
/// <param name="Error">Why the last attempt failed, if it did.</param>
/// <param name="CreatedAt">When the job was queued.</param>
/// <param name="StartedAt">When its last attempt started.</param>
/// <param name="CompletedAt">When it completed, failed or was cancelled.</param>
/// <param name="Result">Once completed: <c>{text, turnComplete}</c>, the turn's final text and its <c>turn_complete</c> data.</param>
/// <param name="RetryAfter">For a pending job that failed: when it may run again.</param>
public sealed record QueueItem(
    string Id,
    string TenantId,
    string? SessionId,
    string AgentName,
    string Prompt,
    string Status,
    int Priority,
    int RetryCount,
    int MaxRetries,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    JsonElement? Result = null,
    DateTimeOffset? RetryAfter = null)
{
    /// <summary>The final assistant text of the job's turn, once completed.</summary>
    public string? ResultText =>
        Result is { ValueKind: JsonValueKind.Object } result && result.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;
}
