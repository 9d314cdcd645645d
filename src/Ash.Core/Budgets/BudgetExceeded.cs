using System.Globalization;

namespace Ash.Core.Budgets;

/// <summary>Which budget stopped a model request, its limit and what was spent: the turn's <c>error</c> says all three.</summary>
public sealed record BudgetExceeded(string Message, decimal LimitUsd, decimal SpentUsd)
{
    /// <summary>The <c>error</c> event's code for a turn a budget ended.</summary>
    public const string Code = "budget_exceeded";

    public static BudgetExceeded ForStanding(BudgetStanding standing, decimal spentUsd)
    {
        var budget = standing.Budget;
        var (which, path) = budget.Scope switch
        {
            BudgetScopes.Tenant => ("The tenant's budget", "/api/budgets/tenant"),
            BudgetScopes.Agent => ($"The budget of agent '{budget.Target}'", $"/api/budgets/agents/{budget.Target}"),
            _ => ($"The budget of session {budget.Target}", $"/api/budgets/sessions/{budget.Target}"),
        };
        return new BudgetExceeded(
            $"{which} is spent: {Usd(spentUsd)} recorded of its limit of {Usd(budget.LimitUsd)}; raise it (PUT {path}) or remove it to go on",
            budget.LimitUsd,
            spentUsd);
    }

    public static BudgetExceeded ForTurn(decimal maxBudgetUsd, decimal spentUsd) => new(
        $"This message's budget (maxBudgetUsd) is spent: {Usd(spentUsd)} recorded in this turn of its limit of {Usd(maxBudgetUsd)}",
        maxBudgetUsd,
        spentUsd);

    private static string Usd(decimal amount) => "$" + Math.Round(amount, 6).ToString("0.######", CultureInfo.InvariantCulture);
}
