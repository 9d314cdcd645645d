using Ash.Core.Budgets;
using Ash.Core.Usage;

namespace Ash.Core.Tests.Budgets;

/// <summary>The proxy's check: stored spending plus what the usage recorder still holds, and the running turn's own limit.</summary>
public sealed class BudgetGuardTests
{
    private static readonly Guid Session = Guid.NewGuid();
    private static readonly DateTimeOffset At = new(2026, 12, 7, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Check_CountsCostNotYetWritten_SoAQuickSecondRequestIsRefused()
    {
        var unflushed = new UnflushedCost();
        var guard = new BudgetGuard(new OneBudgetStore(BudgetScopes.Agent, "a", limitUsd: 1m, storedSpentUsd: 0.4m), unflushed, new TurnBudgets());

        Assert.Null(await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken));
        unflushed.Add(Usage("a", 0.5m));
        Assert.Null(await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken));
        unflushed.Add(Usage("a", 0.1m));

        var refused = await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken);

        Assert.NotNull(refused);
        Assert.Equal(1m, refused.LimitUsd);
        Assert.Equal(1m, refused.SpentUsd);
        Assert.Contains("agent 'a'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IgnoresCostOfOtherAgentsAndTenants()
    {
        var unflushed = new UnflushedCost();
        var guard = new BudgetGuard(new OneBudgetStore(BudgetScopes.Agent, "a", limitUsd: 1m, storedSpentUsd: 0m), unflushed, new TurnBudgets());
        unflushed.Add(Usage("b", 5m));
        unflushed.Add(new ModelUsage("t2", Session, "a", "claude-sonnet-4-5", 1, 1, 0, 0, 5m, At));

        Assert.Null(await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Check_RefusesOnceTheRunningTurnSpentItsMaxBudget_AndNotAfterTheTurnEnds()
    {
        var turns = new TurnBudgets();
        var guard = new BudgetGuard(new OneBudgetStore(null, null, 0m, 0m), new UnflushedCost(), turns);

        using (turns.Begin(Session, maxBudgetUsd: 0.01m))
        {
            turns.AddCost(Session, 0.004m);
            Assert.Null(await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken));
            turns.AddCost(Session, 0.006m);
            var refused = await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken);
            Assert.NotNull(refused);
            Assert.Contains("maxBudgetUsd", refused.Message, StringComparison.Ordinal);
        }

        Assert.Null(turns.Running(Session));
        Assert.Null(await guard.CheckAsync("t1", "a", Session, TestContext.Current.CancellationToken));
        using var next = turns.Begin(Session, maxBudgetUsd: null);
        Assert.Equal(0m, next.SpentUsd);
    }

    private static ModelUsage Usage(string agent, decimal cost) => new("t1", Session, agent, "claude-sonnet-4-5", 1, 1, 0, 0, cost, At);

    /// <summary>A store holding at most one budget of tenant t1, with a fixed stored spending.</summary>
    private sealed class OneBudgetStore(string? scope, string? target, decimal limitUsd, decimal storedSpentUsd) : IBudgetStore
    {
        public Task<IReadOnlyList<BudgetStanding>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<BudgetStanding>>(
                scope is null || tenantId != "t1" ? [] : [new BudgetStanding(new Budget("t1", scope, target, limitUsd, At, At), storedSpentUsd)]);

        public Task<IReadOnlyList<BudgetStanding>> ForSessionAsync(string tenantId, string agentName, Guid sessionId, CancellationToken cancellationToken) =>
            ListAsync(tenantId, cancellationToken);

        public Task<Budget> SetAsync(string tenantId, string scope, string? target, decimal limitUsd, DateTimeOffset at, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> DeleteAsync(string tenantId, string scope, string? target, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
