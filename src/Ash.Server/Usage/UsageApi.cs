using Ash.Core.Usage;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Usage;

/// <summary><c>/api/usage</c>, <c>/api/usage/stats</c> and <c>/api/analytics</c>: what the model proxy recorded, the caller's tenant only.</summary>
public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/usage", ListAsync);
        api.MapGet("/usage/stats", StatsAsync);
        api.MapGet("/analytics", AnalyticsAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(
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

        return TypedResults.Json(new UsageListResponse(events, page.Next is { } next ? UsageQueryParsing.Encode(next) : null), ApiJsonContext.Default.UsageListResponse);
    }

    private static async Task<IResult> StatsAsync(string? sessionId, string? agentName, string? after, string? before, HttpContext context, IUsageStore usage, CancellationToken cancellationToken)
    {
        var filter = UsageQueryParsing.Filter(sessionId, agentName, after, before);
        if (!filter.IsSuccess)
        {
            return ApiErrors.From(filter.Error);
        }

        var sums = await usage.SumAsync(Tenant.Of(context), filter.Value, cancellationToken);
        return TypedResults.Json(new UsageStatsResponse(UsageStatsDto.From(UsageTotals.From(sums))), ApiJsonContext.Default.UsageStatsResponse);
    }

    /// <summary>Ash's shape; as in Ash, <c>after</c>/<c>before</c> filter the usage only.</summary>
    private static async Task<IResult> AnalyticsAsync(string? after, string? before, HttpContext context, IUsageStore usage, CancellationToken cancellationToken)
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
        return TypedResults.Json(
            new AnalyticsResponse(new AgentsAnalytics(agents), sessions, UsageStatsDto.From(UsageTotals.From(sums)), new EvalsAnalytics(0, [])),
            ApiJsonContext.Default.AnalyticsResponse);
    }
}
