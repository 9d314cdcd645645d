namespace Ash.Core.Budgets;

/// <summary>
/// A spending limit in US dollars on one tenant, one of its agents or one of its sessions. <see cref="Target"/>
/// is null for the tenant, the agent's name, or the session's id (<c>D</c> format).
/// </summary>
public sealed record Budget(string TenantId, string Scope, string? Target, decimal LimitUsd, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A budget with what its scope has spent: the sum of the scope's recorded <c>cost_usd</c>, over all time.</summary>
public sealed record BudgetStanding(Budget Budget, decimal SpentUsd)
{
    public decimal RemainingUsd => Math.Max(0m, Budget.LimitUsd - SpentUsd);

    public bool IsSpent => SpentUsd >= Budget.LimitUsd;
}

/// <summary>What a budget covers; the names are the API's <c>scope</c> values.</summary>
public static class BudgetScopes
{
    public const string Tenant = "tenant";
    public const string Agent = "agent";
    public const string Session = "session";
}
