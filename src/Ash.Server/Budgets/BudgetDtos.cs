using System.Text.Json.Serialization;
using Ash.Core.Budgets;

namespace Ash.Server.Budgets;

/// <summary>
/// The body of <c>PUT /api/budgets/…</c>: the limit in US dollars, greater than 0 and at most 1,000,000. A JSON number
/// only: the API's web defaults would read <c>"5"</c> as 5, and a limit is too important to guess.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SetBudgetRequest([property: JsonNumberHandling(JsonNumberHandling.Strict)] decimal? LimitUsd);

/// <summary>A budget as the API shows it; <c>target</c> is null for the tenant, the agent's name or the session's id.</summary>
public sealed record BudgetDto(
    string Scope,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Target,
    decimal LimitUsd,
    decimal SpentUsd,
    decimal RemainingUsd,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static BudgetDto From(BudgetStanding standing)
    {
        var budget = standing.Budget;
        return new(budget.Scope, budget.Target, budget.LimitUsd, standing.SpentUsd, standing.RemainingUsd, budget.CreatedAt, budget.UpdatedAt);
    }
}

public sealed record BudgetResponse(BudgetDto Budget);

public sealed record BudgetListResponse(List<BudgetDto> Budgets);
