namespace Ash.Core.Budgets;

/// <summary>
/// Budgets, one per (tenant, scope, target), each read with what its scope spent: the sum of the stored
/// <c>cost_usd</c> usage events of the tenant, of the tenant's agent, or of the session.
/// </summary>
public interface IBudgetStore
{
    /// <summary>Every budget of the tenant (tenant first, then agents, then sessions, each by target).</summary>
    Task<IReadOnlyList<BudgetStanding>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>The budgets that bind one session: its tenant's, its agent's and its own, where set (one query).</summary>
    Task<IReadOnlyList<BudgetStanding>> ForSessionAsync(string tenantId, string agentName, Guid sessionId, CancellationToken cancellationToken);

    /// <summary>Sets the limit, creating the budget or keeping its <see cref="Budget.CreatedAt"/>; returns it as stored.</summary>
    Task<Budget> SetAsync(string tenantId, string scope, string? target, decimal limitUsd, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>False when there was no such budget.</summary>
    Task<bool> DeleteAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken);
}
