using Ash.Core.Usage;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Usage;

/// <summary><c>/api/usage</c>, <c>/api/usage/stats</c> and <c>/api/analytics</c>: what the model proxy recorded, the caller's tenant only.</summary>
public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder api)
    {
        var usage = api.MapGroup(string.Empty).WithTags("Usage");
        usage.MapGet("/usage", ListAsync).WithName("listUsageEvents").WithSummary("List usage events, newest first").ProducesErrors(400);
        usage.MapGet("/usage/stats", StatsAsync).WithName("getUsageStats").WithSummary("Sum usage events").ProducesErrors(400);
        usage.MapGet("/analytics", AnalyticsAsync).WithName("getAnalytics").WithSummary("Counts of agents and sessions, and usage sums").ProducesErrors(400);
        return api;
    }

    private static async Task<Results<Ok<UsageListResponse>, ErrorResult>> ListAsync(
        string? sessionId, string? agentName, string? after, string? before, string? limit, string? cursor, HttpContext context, IUsageStore usage, CancellationToken cancellationToken)
    {
        var filter = UsageQueryParsing.Filter(sessionId, agentName, after, before);
        if (!filter.IsSuccess)
        {
            return ApiErrors.From(filter.Error);
        }

        var size = UsageQueryParsing.Limit(limit);
        if (!size.IsSuccess)
        {
            return ApiErrors.From(size.Error);
        }

        var from = UsageQueryParsing.Cursor(cursor);
        if (!from.IsSuccess)
        {
            return ApiErrors.From(from.Error);
        }

        var page = await usage.ListAsync(Tenant.Of(context), new UsageQuery(filter.Value, size.Value, from.Value), cancellationToken);
        var events = new List<UsageEventDto>(page.Events.Count);
        foreach (var stored in page.Events)
        {
            events.Add(UsageEventDto.From(stored));
        }

        return TypedResults.Ok(new UsageListResponse(events, page.Next is { } next ? UsageQueryParsing.Encode(next) : null));
    }

    private static async Task<Results<Ok<UsageStatsResponse>, ErrorResult>> StatsAsync(string? sessionId, string? agentName, string? after, string? before, HttpContext context, IUsageStore usage, CancellationToken cancellationToken)
    {
        var filter = UsageQueryParsing.Filter(sessionId, agentName, after, before);
        if (!filter.IsSuccess)
        {
            return ApiErrors.From(filter.Error);
        }

        var sums = await usage.SumAsync(Tenant.Of(context), filter.Value, cancellationToken);
        return TypedResults.Ok(new UsageStatsResponse(UsageStatsDto.From(UsageTotals.From(sums))));
    }

    /// <summary>Ash's shape; as in Ash, <c>after</c>/<c>before</c> filter the usage only.</summary>
    private static async Task<Results<Ok<AnalyticsResponse>, ErrorResult>> AnalyticsAsync(string? after, string? before, HttpContext context, IUsageStore usage, CancellationToken cancellationToken)
    {
        var filter = UsageQueryParsing.Filter(null, null, after, before);
        if (!filter.IsSuccess)
        {
            return ApiErrors.From(filter.Error);
        }

        var tenant = Tenant.Of(context);
        var (agents, byStatus) = await usage.CountTenantAsync(tenant, cancellationToken);
        var sums = await usage.SumAsync(tenant, filter.Value, cancellationToken);
        var sessions = new SessionsAnalytics(byStatus.Values.Sum(), new Dictionary<string, int>(byStatus, StringComparer.Ordinal));
        return TypedResults.Ok(new AnalyticsResponse(new AgentsAnalytics(agents), sessions, UsageStatsDto.From(UsageTotals.From(sums)), new EvalsAnalytics(0, [])));
    }
}
