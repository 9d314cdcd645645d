using System.Text.Json;
using Ash.Core.Queue;

namespace Ash.Server.Queue;

/// <summary>
/// A queue item in Ash's shape, plus ours: <c>result</c> (<c>{text, turnComplete}</c> of the finished turn) and
/// <c>retryAfter</c> (when a pending job that failed may run again).
/// </summary>
public sealed record QueueItemDto(
    Guid Id,
    string TenantId,
    Guid? SessionId,
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
    JsonElement? Result,
    DateTimeOffset? RetryAfter)
{
    public static QueueItemDto From(QueueItem item) => new(
        item.Id,
        item.TenantId,
        item.SessionId,
        item.AgentName,
        item.Prompt,
        item.Status.ToWire(),
        item.Priority,
        item.RetryCount,
        item.MaxRetries,
        item.Error,
        item.CreatedAt,
        item.StartedAt,
        item.CompletedAt,
        item.ResultJson is null ? null : JsonDocument.Parse(item.ResultJson).RootElement.Clone(),
        item.Status == QueueStatus.Pending ? item.RetryAfter : null);
}

public sealed record QueueItemResponse(QueueItemDto Item);

public sealed record QueueListResponse(List<QueueItemDto> Items, string? NextCursor);

public sealed record QueueStatsDto(long Pending, long Processing, long Completed, long Failed, long Cancelled);

public sealed record QueueStatsResponse(QueueStatsDto Stats);

/// <summary>
/// <c>POST /api/queue</c>'s body as the OpenAPI document shows it. The route reads the body field by field
/// (<see cref="QueueRequestValidation"/>), so each mistake gets its own message; this type only describes it.
/// </summary>
/// <param name="Priority">At least 0; higher runs first (default 0).</param>
/// <param name="MaxRetries">0 to 100 retries after the first attempt (default 3).</param>
public sealed record EnqueueRequest(string AgentName, string Prompt, Guid? SessionId = null, int? Priority = null, int? MaxRetries = null);
