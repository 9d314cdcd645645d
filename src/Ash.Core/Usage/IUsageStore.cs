namespace Ash.Core.Usage;

public interface IUsageStore
{
    /// <summary>Stores the events of every usage in one transaction (one row per <see cref="UsageEventTypes"/> type).</summary>
    Task AddAsync(IReadOnlyList<ModelUsage> usages, CancellationToken cancellationToken);

    Task<UsagePage> ListAsync(string tenantId, UsageQuery query, CancellationToken cancellationToken);

    /// <summary>Sum of values by event type.</summary>
    Task<IReadOnlyDictionary<string, double>> SumAsync(string tenantId, UsageFilter filter, CancellationToken cancellationToken);

    /// <summary>The tenant's sessions counted by stored status name, and its agents (for <c>GET /api/analytics</c>).</summary>
    Task<(int Agents, IReadOnlyDictionary<string, int> SessionsByStatus)> CountTenantAsync(string tenantId, CancellationToken cancellationToken);
}
