using Ash.Core.Budgets;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// The budgets one sandbox's model requests are held to (issue 13): checked before each Messages request is
/// forwarded. A refusal is noted on the session's running turn, so the turn ends with <c>budget_exceeded</c>
/// rather than with the CLI's retelling of the proxy's answer.
/// </summary>
internal sealed class SandboxBudget(BudgetGuard guard, string tenantId, string agentName, Guid sessionId)
{
    /// <summary>The refusal to answer with, or null when the request may go.</summary>
    public async ValueTask<ProxyRefusal?> CheckAsync(CancellationToken cancellationToken)
    {
        if (await guard.CheckAsync(tenantId, agentName, sessionId, cancellationToken) is not { } exceeded)
        {
            return null;
        }

        guard.Turns.Running(sessionId)?.NoteRefusal(exceeded);
        return ProxyRefusal.BudgetExceeded(exceeded.Message);
    }
}
