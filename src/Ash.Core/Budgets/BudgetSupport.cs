namespace Ash.Core.Budgets;

/// <summary>
/// Whether this deployment enforces budgets. The check runs in the model proxy, which must share the process
/// with the session actor (the turn's <c>maxBudgetUsd</c>, the <c>budget_exceeded</c> code) and with the usage
/// recorder (cost not yet written); on Dapr with split apps the proxy runs on the sandbox node, which has
/// neither, so there budgets are refused (400 <c>budgets_unsupported</c>) rather than set and not kept.
/// </summary>
public sealed record BudgetSupport(string? Refusal)
{
    public static BudgetSupport Full { get; } = new((string?)null);
}
