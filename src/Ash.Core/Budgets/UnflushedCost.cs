using Ash.Core.Usage;

namespace Ash.Core.Budgets;

/// <summary>
/// The cost the <see cref="UsageRecorder"/> has taken but not yet written, by tenant, agent and session, so a
/// budget check counts a request that finished a moment ago: two quick model requests cannot both slip past a
/// budget because the first one's usage was still in the recorder's queue. A record is added before it is
/// queued and removed once its batch is written (or lost for good), so between the write and the removal it
/// counts twice, erring on the side of refusing.
/// </summary>
public sealed class UnflushedCost
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, decimal> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string Agent), decimal> _agents = [];
    private readonly Dictionary<Guid, decimal> _sessions = [];

    public void Add(ModelUsage usage) => Change(usage, usage.CostUsd);

    public void Remove(ModelUsage usage) => Change(usage, -usage.CostUsd);

    public decimal ForTenant(string tenantId)
    {
        lock (_gate)
        {
            return _tenants.GetValueOrDefault(tenantId);
        }
    }

    public decimal ForAgent(string tenantId, string agentName)
    {
        lock (_gate)
        {
            return _agents.GetValueOrDefault((tenantId, agentName));
        }
    }

    public decimal ForSession(Guid sessionId)
    {
        lock (_gate)
        {
            return _sessions.GetValueOrDefault(sessionId);
        }
    }

    /// <summary>What the scope of <paramref name="budget"/> has waiting to be written.</summary>
    public decimal For(Budget budget) => budget.Scope switch
    {
        BudgetScopes.Tenant => ForTenant(budget.TenantId),
        BudgetScopes.Agent => ForAgent(budget.TenantId, budget.Target!),
        _ => Guid.TryParseExact(budget.Target, "D", out var session) ? ForSession(session) : 0m,
    };

    private void Change(ModelUsage usage, decimal cost)
    {
        if (cost == 0m)
        {
            return;
        }

        lock (_gate)
        {
            Apply(_tenants, usage.TenantId, cost);
            Apply(_agents, (usage.TenantId, usage.AgentName), cost);
            Apply(_sessions, usage.SessionId, cost);
        }
    }

    private static void Apply<TKey>(Dictionary<TKey, decimal> totals, TKey key, decimal cost)
        where TKey : notnull
    {
        var total = totals.GetValueOrDefault(key) + cost;
        if (total <= 0m)
        {
            totals.Remove(key);
        }
        else
        {
            totals[key] = total;
        }
    }
}
