namespace Ash.Core.Budgets;

/// <summary>
/// The check the model proxy makes before forwarding a model request: the session's running turn's
/// <c>maxBudgetUsd</c> (counted in memory), then the tenant's, agent's and session's stored budgets, each
/// spent as stored plus what the usage recorder still holds (<see cref="UnflushedCost"/>). One query, and
/// only the budgets table's own index when the tenant has no budget.
/// </summary>
public sealed class BudgetGuard(IBudgetStore store, UnflushedCost unflushed, TurnBudgets turns)
{
    public TurnBudgets Turns => turns;

    /// <summary>The budget that is spent, or null when the request may go.</summary>
    public async Task<BudgetExceeded?> CheckAsync(string tenantId, string agentName, Guid sessionId, CancellationToken cancellationToken)
    {
        if (turns.Running(sessionId)?.Exceeded() is { } turn)
        {
            return turn;
        }

        // What the recorder holds is read before the store: a batch written in between is then counted twice
        // (refusing a little early) rather than not at all.
        var pendingTenant = unflushed.ForTenant(tenantId);
        var pendingAgent = unflushed.ForAgent(tenantId, agentName);
        var pendingSession = unflushed.ForSession(sessionId);
        var standings = await store.ForSessionAsync(tenantId, agentName, sessionId, cancellationToken);
        foreach (var standing in standings)
        {
            var waiting = standing.Budget.Scope switch
            {
                BudgetScopes.Tenant => pendingTenant,
                BudgetScopes.Agent => pendingAgent,
                _ => pendingSession,
            };
            var spent = standing.SpentUsd + waiting;
            if (spent >= standing.Budget.LimitUsd)
            {
                return BudgetExceeded.ForStanding(standing, spent);
            }
        }

        return null;
    }
}
