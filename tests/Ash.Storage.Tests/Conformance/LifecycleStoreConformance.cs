using Ash.Core.Sessions.Lifecycle;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class LifecycleStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_SavedProgress_ReturnsIt()
    {
        var progress = new LifecycleProgress(Guid.NewGuid(), "fork", 2, 1, """{"from":"x"}""", T0, T0.AddSeconds(1), "boom");
        await Stores.Lifecycle.SaveAsync(progress, Token);

        Assert.Equal(progress, await Stores.Lifecycle.GetAsync(progress.SessionId, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task SaveAsync_AgainForSession_ReplacesTheRow()
    {
        var session = Guid.NewGuid();
        await Stores.Lifecycle.SaveAsync(new LifecycleProgress(session, "fork", 0, 0, "{}", T0, T0, null), Token);
        var next = new LifecycleProgress(session, "fork", 1, 3, null, T0, T0.AddSeconds(5), "still failing");

        await Stores.Lifecycle.SaveAsync(next, Token);

        Assert.Equal(next, await Stores.Lifecycle.GetAsync(session, Token));
        Assert.Single(await Stores.Lifecycle.ListAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task GetAsync_UnknownSession_ReturnsNull()
    {
        Assert.Null(await Stores.Lifecycle.GetAsync(Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_SeveralOperations_ReturnsEveryOne()
    {
        var first = new LifecycleProgress(Guid.NewGuid(), "pause", 0, 0, null, T0, T0, null);
        var second = new LifecycleProgress(Guid.NewGuid(), "resume", 1, 0, null, T0.AddSeconds(1), T0.AddSeconds(1), null);
        await Stores.Lifecycle.SaveAsync(second, Token);
        await Stores.Lifecycle.SaveAsync(first, Token);

        var all = await Stores.Lifecycle.ListAsync(Token);

        Assert.Equal(2, all.Count);
        Assert.Contains(first, all);
        Assert.Contains(second, all);
    }
}
