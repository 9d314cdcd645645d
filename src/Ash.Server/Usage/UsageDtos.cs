using Ash.Core.Usage;

namespace Ash.Server.Usage;

/// <summary>Ash's UsageEvent, plus the model (ext).</summary>
public sealed record UsageEventDto(Guid Id, string TenantId, Guid SessionId, string AgentName, string EventType, double Value, DateTimeOffset CreatedAt, string? Model)
{
    public static UsageEventDto From(UsageEvent e) => new(e.Id, e.TenantId, e.SessionId, e.AgentName, e.EventType, e.Value, e.CreatedAt, e.Model);
}

public sealed record UsageListResponse(List<UsageEventDto> Events, string? NextCursor);

/// <summary>
/// Ash's UsageStats plus <c>totalCostUsd</c> (ext). Tool calls, messages and compute seconds are not metered at
/// the proxy and are 0, as they are in practice in Ash (which records tool calls from result messages that
/// carry none, and never records compute seconds).
/// </summary>
public sealed record UsageStatsDto(
    long TotalInputTokens,
    long TotalOutputTokens,
    long TotalCacheCreationTokens,
    long TotalCacheReadTokens,
    long TotalToolCalls,
    long TotalMessages,
    long TotalComputeSeconds,
    decimal TotalCostUsd)
{
    public static UsageStatsDto From(UsageTotals totals) =>
        new(totals.InputTokens, totals.OutputTokens, totals.CacheCreationTokens, totals.CacheReadTokens, 0, 0, 0, totals.CostUsd);
}

public sealed record UsageStatsResponse(UsageStatsDto Stats);

public sealed record AgentsAnalytics(int Total);

public sealed record SessionsAnalytics(int Total, Dictionary<string, int> ByStatus);

/// <summary>Evals are not implemented here: always none.</summary>
public sealed record EvalsAnalytics(int TotalRuns, Dictionary<string, int> ByStatus);

public sealed record AnalyticsResponse(AgentsAnalytics Agents, SessionsAnalytics Sessions, UsageStatsDto Usage, EvalsAnalytics Evals);
