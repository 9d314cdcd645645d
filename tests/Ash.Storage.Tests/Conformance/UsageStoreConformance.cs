using Ash.Core.Agents;
using Ash.Core.Usage;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class UsageStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);
    private static readonly Guid SessionA = Guid.NewGuid();
    private static readonly Guid SessionB = Guid.NewGuid();

    private static ModelUsage Usage(string tenant, Guid session, string agent, int minute, long input = 100, long output = 10) =>
        new(tenant, session, agent, "claude-sonnet-4-5", input, output, 3, 4, 0.0015m, Start.AddMinutes(minute));

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Add_StoresOneEventPerType_AndSumsThem()
    {
        await Stores.Usage.AddAsync([Usage("t1", SessionA, "a", 0), Usage("t1", SessionA, "a", 1, 50, 5)], Token);

        var sums = await Stores.Usage.SumAsync("t1", new UsageFilter(null, null, null, null), Token);
        var totals = UsageTotals.From(sums);

        Assert.Equal(new UsageTotals(150, 15, 6, 8, 0.003m), totals);
        var page = await Stores.Usage.ListAsync("t1", new UsageQuery(new UsageFilter(null, null, null, null), 100, null), Token);
        Assert.Equal(10, page.Events.Count);
        Assert.All(page.Events, e => Assert.Equal("claude-sonnet-4-5", e.Model));
        Assert.Equal(Start.AddMinutes(1), page.Events[0].CreatedAt);
        Assert.Null(page.Next);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Filters_SelectBySessionAgentAndExclusiveTimes_AndTenantsNeverMix()
    {
        await Stores.Usage.AddAsync(
            [Usage("t1", SessionA, "a", 0), Usage("t1", SessionB, "b", 5), Usage("t1", SessionA, "a", 10), Usage("t2", SessionA, "a", 0, 9999)],
            Token);

        async Task<long> InputAsync(UsageFilter filter) => UsageTotals.From(await Stores.Usage.SumAsync("t1", filter, Token)).InputTokens;

        Assert.Equal(300, await InputAsync(new UsageFilter(null, null, null, null)));
        Assert.Equal(200, await InputAsync(new UsageFilter(SessionA, null, null, null)));
        Assert.Equal(100, await InputAsync(new UsageFilter(null, "b", null, null)));
        Assert.Equal(100, await InputAsync(new UsageFilter(null, null, Start, Start.AddMinutes(10))));
        Assert.Equal(0, UsageTotals.From(await Stores.Usage.SumAsync("t3", new UsageFilter(null, null, null, null), Token)).InputTokens);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task List_PagesNewestFirst_WithoutGapsOrRepeats_EvenOnEqualTimes()
    {
        await Stores.Usage.AddAsync([Usage("t1", SessionA, "a", 0), Usage("t1", SessionA, "a", 0), Usage("t1", SessionA, "a", 1)], Token);
        var filter = new UsageFilter(null, null, null, null);
        var seen = new List<UsageEvent>();
        UsageCursor? cursor = null;
        do
        {
            var page = await Stores.Usage.ListAsync("t1", new UsageQuery(filter, 4, cursor), Token);
            Assert.True(page.Events.Count <= 4);
            seen.AddRange(page.Events);
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(15, seen.Count);
        Assert.Equal(15, seen.Select(e => e.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(e => e.CreatedAt).Select(e => e.CreatedAt), seen.Select(e => e.CreatedAt));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CountTenant_CountsOnlyTheTenantsAgentsAndSessions()
    {
        await Stores.Agents.UpsertAsync("t1", "one", "/a", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t1", "two", "/a", AgentConfig.Default, null, null, Token);
        await Stores.Agents.UpsertAsync("t2", "three", "/a", AgentConfig.Default, null, null, Token);

        var (agents, byStatus) = await Stores.Usage.CountTenantAsync("t1", Token);

        Assert.Equal(2, agents);
        Assert.Empty(byStatus);
    }
}
