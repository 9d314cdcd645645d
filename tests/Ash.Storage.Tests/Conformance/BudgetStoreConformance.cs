using Ash.Core.Budgets;
using Ash.Core.Usage;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class BudgetStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly Guid SessionA = Guid.NewGuid();
    private static readonly Guid SessionB = Guid.NewGuid();

    private static ModelUsage Cost(string tenant, Guid session, string agent, decimal costUsd) =>
        new(tenant, session, agent, "claude-sonnet-4-5", 100, 10, 0, 0, costUsd, T0);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Set_CreatesThenUpdates_KeepingCreatedAt()
    {
        var created = await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "a", 5m, T0, Token);
        var updated = await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "a", 7.25m, T0.AddMinutes(1), Token);

        Assert.Equal(new Budget("t1", BudgetScopes.Agent, "a", 5m, T0, T0), created);
        Assert.Equal(new Budget("t1", BudgetScopes.Agent, "a", 7.25m, T0, T0.AddMinutes(1)), updated);
        var listed = Assert.Single(await Stores.Budgets.ListAsync("t1", Token));
        Assert.Equal(updated, listed.Budget);
        Assert.Equal(0m, listed.SpentUsd);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Spent_IsTheScopesRecordedCost_AndTenantsNeverMix()
    {
        await Stores.Usage.AddAsync(
            [Cost("t1", SessionA, "a", 0.25m), Cost("t1", SessionA, "a", 0.5m), Cost("t1", SessionB, "b", 2m), Cost("t2", SessionA, "a", 100m)],
            Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Tenant, null, 10m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "a", 1m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "b", 1m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Session, SessionA.ToString("D"), 0.5m, T0, Token);
        await Stores.Budgets.SetAsync("t2", BudgetScopes.Tenant, null, 3m, T0, Token);

        var listed = await Stores.Budgets.ListAsync("t1", Token);

        Assert.Equal(
            [(BudgetScopes.Tenant, null, 2.75m), (BudgetScopes.Agent, "a", 0.75m), (BudgetScopes.Agent, "b", 2m), (BudgetScopes.Session, SessionA.ToString("D"), 0.75m)],
            listed.Select(s => (s.Budget.Scope, s.Budget.Target, s.SpentUsd)).ToArray());
        Assert.Equal([false, false, true, true], listed.Select(s => s.IsSpent).ToArray());
        Assert.Equal(100m, Assert.Single(await Stores.Budgets.ListAsync("t2", Token)).SpentUsd);
        Assert.Empty(await Stores.Budgets.ListAsync("t3", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ForSession_IsOnlyTheBudgetsThatBindIt()
    {
        await Stores.Usage.AddAsync([Cost("t1", SessionA, "a", 0.25m), Cost("t1", SessionB, "a", 1m)], Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Tenant, null, 10m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "a", 2m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Agent, "other", 2m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Session, SessionA.ToString("D"), 1m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Session, SessionB.ToString("D"), 1m, T0, Token);
        await Stores.Budgets.SetAsync("t2", BudgetScopes.Agent, "a", 2m, T0, Token);

        var binding = await Stores.Budgets.ForSessionAsync("t1", "a", SessionA, Token);

        Assert.Equal(
            [(BudgetScopes.Tenant, null, 1.25m), (BudgetScopes.Agent, "a", 1.25m), (BudgetScopes.Session, SessionA.ToString("D"), 0.25m)],
            binding.Select(s => (s.Budget.Scope, s.Budget.Target, s.SpentUsd)).ToArray());
        Assert.Empty(await Stores.Budgets.ForSessionAsync("t3", "a", SessionA, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Delete_OnlyTheOwnersAndOnlyOnce()
    {
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Tenant, null, 1m, T0, Token);
        await Stores.Budgets.SetAsync("t1", BudgetScopes.Session, SessionA.ToString("D"), 1m, T0, Token);

        Assert.False(await Stores.Budgets.DeleteAsync("t2", BudgetScopes.Tenant, null, Token));
        Assert.False(await Stores.Budgets.DeleteAsync("t1", BudgetScopes.Session, SessionB.ToString("D"), Token));
        Assert.True(await Stores.Budgets.DeleteAsync("t1", BudgetScopes.Tenant, null, Token));
        Assert.False(await Stores.Budgets.DeleteAsync("t1", BudgetScopes.Tenant, null, Token));
        Assert.Equal(BudgetScopes.Session, Assert.Single(await Stores.Budgets.ListAsync("t1", Token)).Budget.Scope);
    }
}
