using System.Globalization;
using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sessions;

namespace Ash.Core.Budgets;

/// <summary>A tenant's budgets as the API reads and changes them; every expected failure is a value.</summary>
public sealed class TenantBudgets(IBudgetStore store, UnflushedCost unflushed, ISessionStore sessions, IAgentStore agents, BudgetSupport support, TimeProvider time)
{
    public const decimal MaxLimitUsd = 1_000_000m;

    public BudgetSupport Support => support;

    /// <summary>Every budget of the tenant, spent counting what the usage recorder has not written yet.</summary>
    public async Task<IReadOnlyList<BudgetStanding>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(tenantId, cancellationToken);
        var standings = new List<BudgetStanding>(stored.Count);
        foreach (var standing in stored)
        {
            standings.Add(standing with { SpentUsd = standing.SpentUsd + unflushed.For(standing.Budget) });
        }

        return standings;
    }

    /// <summary>Checks a <c>limitUsd</c> as the API takes it (also POST /api/sessions' <c>budgetUsd</c>, named by <paramref name="field"/>).</summary>
    public static AshError? LimitProblem(decimal? limitUsd, string field = "limitUsd") => limitUsd switch
    {
        null => AshError.Validation($"'{field}' is required"),
        <= 0m or > MaxLimitUsd => AshError.Validation(
            string.Create(CultureInfo.InvariantCulture, $"'{field}' must be a number greater than 0 and at most {MaxLimitUsd:0} (US dollars)")),
        _ => null,
    };

    /// <summary>Sets the limit of the budget of <paramref name="scope"/> (creating it); the agent or session must be the tenant's.</summary>
    public async Task<Result<BudgetStanding>> SetAsync(string tenantId, string scope, string? target, decimal? limitUsd, CancellationToken cancellationToken)
    {
        if (LimitProblem(limitUsd) is { } problem)
        {
            return problem;
        }

        target = Canonical(scope, target);

        if (await TargetProblemAsync(tenantId, scope, target, cancellationToken) is { } missing)
        {
            return missing;
        }

        if (support.Refusal is { } refusal)
        {
            return AshError.Validation(refusal, "budgets_unsupported");
        }

        var budget = await store.SetAsync(tenantId, scope, target, limitUsd!.Value, time.GetUtcNow(), cancellationToken);
        var standings = await ListAsync(tenantId, cancellationToken);
        return standings.FirstOrDefault(s => s.Budget.Scope == scope && s.Budget.Target == target) ?? new BudgetStanding(budget, 0m);
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken) =>
        await store.DeleteAsync(tenantId, scope, Canonical(scope, target), cancellationToken)
            ? true
            : AshError.NotFound("No budget is set there", "budget_not_found");

    /// <summary>A session's id as usage records carry it (lower-case <c>D</c> format), however the route spelt it.</summary>
    private static string? Canonical(string scope, string? target) =>
        scope == BudgetScopes.Session && Guid.TryParseExact(target, "D", out var id) ? id.ToString("D") : target;

    private async Task<AshError?> TargetProblemAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case BudgetScopes.Agent:
                return await agents.GetAsync(tenantId, target!, cancellationToken) is null ? AshError.NotFound("Agent not found", "agent_not_found") : null;
            case BudgetScopes.Session:
                var session = Guid.TryParseExact(target, "D", out var id) ? await sessions.GetAsync(id, cancellationToken) : null;
                return session is null || session.TenantId != tenantId ? AshError.NotFound("Session not found", "session_not_found") : null;
            default:
                return null;
        }
    }
}
