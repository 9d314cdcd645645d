using System.Text.Json;
using Ash.Core.Queue;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Queue;

/// <summary>The queue of batch jobs (docs/api.md, "Queue"): enqueue, list, stats, show, cancel — each tenant its own.</summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder api)
    {
        var queue = api.MapGroup("/queue").WithTags("Queue");
        queue.MapPost("/", EnqueueAsync).WithName("enqueue").WithSummary("Queue a prompt as a batch job")
            .AcceptsJson<EnqueueRequest>().ProducesErrors(400, 404);
        queue.MapGet("/", ListAsync).WithName("listQueueItems").WithSummary("List the tenant's jobs, newest first").ProducesErrors(400);
        queue.MapGet("/stats", StatsAsync).WithName("getQueueStats").WithSummary("Count the tenant's jobs by status");
        queue.MapGet("/{id}", GetAsync).WithName("getQueueItem").WithSummary("Get a job");
        queue.MapDelete("/{id}", CancelAsync).WithName("cancelQueueItem").WithSummary("Cancel a pending job").ProducesErrors(400);
        return api;
    }

    private static async Task<Results<Created<QueueItemResponse>, ErrorResult>> EnqueueAsync(JsonElement? body, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        var request = QueueRequestValidation.Validate(body);
        if (!request.IsSuccess)
        {
            return ApiErrors.From(request.Error);
        }

        var queued = await queue.EnqueueAsync(Tenant.Of(context), request.Value, cancellationToken);
        return queued.IsSuccess
            ? TypedResults.Created(default(string), new QueueItemResponse(QueueItemDto.From(queued.Value)))
            : ApiErrors.From(queued.Error);
    }

    private static async Task<Results<Ok<QueueListResponse>, ErrorResult>> ListAsync(string? status, int? limit, string? cursor, HttpContext context, QueueService queue, CancellationToken cancellationToken)
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
        return TypedResults.Ok(new QueueListResponse(page.Items.Select(QueueItemDto.From).ToList(), page.NextCursor));
    }

    private static async Task<Ok<QueueStatsResponse>> StatsAsync(HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        var stats = await queue.GetStatsAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Ok(new QueueStatsResponse(new QueueStatsDto(stats.Pending, stats.Processing, stats.Completed, stats.Failed, stats.Cancelled)));
    }

    private static async Task<Results<Ok<QueueItemResponse>, ErrorResult>> GetAsync(string id, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var itemId))
        {
            return ItemNotFound();
        }

        var found = await queue.GetAsync(Tenant.Of(context), itemId, cancellationToken);
        return found.IsSuccess
            ? TypedResults.Ok(new QueueItemResponse(QueueItemDto.From(found.Value)))
            : ApiErrors.From(found.Error);
    }

    private static async Task<Results<Ok<QueueItemResponse>, ErrorResult>> CancelAsync(string id, HttpContext context, QueueService queue, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var itemId))
        {
            return ItemNotFound();
        }

        var cancelled = await queue.CancelAsync(Tenant.Of(context), itemId, cancellationToken);
        return cancelled.IsSuccess
            ? TypedResults.Ok(new QueueItemResponse(QueueItemDto.From(cancelled.Value)))
            : ApiErrors.From(cancelled.Error);
    }

    private static ErrorResult ItemNotFound() => ApiErrors.NotFound("Queue item not found", "queue_item_not_found");
}
