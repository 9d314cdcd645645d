using System.Text.Json;
using Ash.Core.Queue;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Queue;

/// <summary>The queue of batch jobs (docs/api.md, "Queue"): enqueue, list, stats, show, cancel — each tenant its own.</summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder api)
    {
        var queue = api.MapGroup("/queue");
        queue.MapPost("/", EnqueueAsync);
        queue.MapGet("/", ListAsync);
        queue.MapGet("/stats", StatsAsync);
        queue.MapGet("/{id}", GetAsync);
        queue.MapDelete("/{id}", CancelAsync);
        return api;
    }

    private static async Task<IResult> EnqueueAsync(JsonElement? body, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        var request = QueueRequestValidation.Validate(body);
        if (!request.IsSuccess)
        {
            return ApiErrors.From(request.Error);
        }

        var queued = await queue.EnqueueAsync(Tenant.Of(context), request.Value, cancellationToken);
        return queued.IsSuccess
            ? TypedResults.Json(new QueueItemResponse(QueueItemDto.From(queued.Value)), ApiJsonContext.Default.QueueItemResponse, statusCode: StatusCodes.Status201Created)
            : ApiErrors.From(queued.Error);
    }

    private static async Task<IResult> ListAsync(string? status, int? limit, string? cursor, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        QueueStatus? statusFilter = null;
        if (status is not null)
        {
            if (!QueueStatusNames.TryParse(status, out var parsed))
            {
                return ApiErrors.Validation($"Unknown status '{status}' (pending, processing, completed, failed or cancelled)");
            }

            statusFilter = parsed;
        }

        if (limit is < 1 or > 500)
        {
            return ApiErrors.Validation("'limit' must be between 1 and 500");
        }

        var page = await queue.ListAsync(Tenant.Of(context), new QueueQuery(statusFilter, limit ?? 50, cursor), cancellationToken);
        return TypedResults.Json(new QueueListResponse(page.Items.Select(QueueItemDto.From).ToList(), page.NextCursor), ApiJsonContext.Default.QueueListResponse);
    }

    private static async Task<IResult> StatsAsync(HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        var stats = await queue.GetStatsAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Json(
            new QueueStatsResponse(new QueueStatsDto(stats.Pending, stats.Processing, stats.Completed, stats.Failed, stats.Cancelled)),
            ApiJsonContext.Default.QueueStatsResponse);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var itemId))
        {
            return ItemNotFound();
        }

        var found = await queue.GetAsync(Tenant.Of(context), itemId, cancellationToken);
        return found.IsSuccess
            ? TypedResults.Json(new QueueItemResponse(QueueItemDto.From(found.Value)), ApiJsonContext.Default.QueueItemResponse)
            : ApiErrors.From(found.Error);
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var itemId))
        {
            return ItemNotFound();
        }

        var cancelled = await queue.CancelAsync(Tenant.Of(context), itemId, cancellationToken);
        return cancelled.IsSuccess
            ? TypedResults.Json(new QueueItemResponse(QueueItemDto.From(cancelled.Value)), ApiJsonContext.Default.QueueItemResponse)
            : ApiErrors.From(cancelled.Error);
    }

    private static IResult ItemNotFound() => ApiErrors.NotFound("Queue item not found", "queue_item_not_found");
}
