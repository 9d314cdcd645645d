using Ash.Core.Sessions.Lifecycle;
using Ash.Dapr.Client;
using Ash.Dapr.Reminders;
using Ash.Dapr.Sessions;
using Ash.Dapr.Tests.App;
using Ash.Dapr.Tests.Sidecar;
using Ash.Testing.Common;

namespace Ash.Dapr.Tests.Sessions;

/// <summary>A session's lifecycle progress as its actor's state, through the daprd stand-in.</summary>
public sealed class ActorStateLifecycleStoreTests : IAsyncLifetime
{
    private readonly RecordingActorType _actor = new("session");
    private AppBehindSidecar _host = null!;
    private DaprClient _dapr = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await AppBehindSidecar.StartAsync(_ => [_actor], cancellationToken: Cancel);
        _dapr = _host.Dapr;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Progress_IsKeptInTheActorsState_StepByStep_UntilCleared()
    {
        var store = new ActorStateLifecycleStore(_dapr, new DaprReminders(_dapr, TimeProvider.System), TimeProvider.System);
        var session = Guid.NewGuid();
        var started = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var first = new LifecycleProgress(session, "resume-cold", 0, 0, """{"reason":"user"}""", started, started, null);
        var retried = first with { Step = 1, Attempt = 2, UpdatedAt = started.AddSeconds(3), LastError = "disk busy" };

        await store.SaveAsync(first, Cancel);
        var read = await store.GetAsync(session, Cancel);
        await store.SaveAsync(retried, Cancel);
        var reread = await store.GetAsync(session, Cancel);
        var listed = await store.ListAsync(Cancel);
        await store.ClearAsync(session, Cancel);

        Assert.Equal(first, read);
        Assert.Equal(retried, reread);
        Assert.Empty(listed);
        Assert.Null(await store.GetAsync(session, Cancel));
        Assert.Null(await store.GetAsync(Guid.NewGuid(), Cancel));
    }

    [Fact]
    public async Task AnOperationsStart_SetsTheLifecycleReminder_ThatBringsItBackIfItsHostDies()
    {
        // The store's clock runs a guard delay behind, so its guard falls due at once on the sidecar's clock.
        var behind = new ShiftedTime(-ActorStateLifecycleStore.GuardDelay + TimeSpan.FromMilliseconds(200));
        var store = new ActorStateLifecycleStore(_dapr, new DaprReminders(_dapr, TimeProvider.System), behind);
        var started = new Guid("6b1e3f4e-0c55-4d0b-9c8f-3f2a8d1c0a11");
        var advanced = Guid.NewGuid();

        await store.SaveAsync(new LifecycleProgress(started, "stop", 0, 0, null, behind.GetUtcNow(), behind.GetUtcNow(), null), Cancel);
        await store.SaveAsync(new LifecycleProgress(advanced, "stop", 1, 0, null, behind.GetUtcNow(), behind.GetUtcNow(), null), Cancel);

        await Eventually.TrueAsync(() => _actor.Calls.Any(call => call.StartsWith($"{started}.remind/lifecycle", StringComparison.Ordinal)), "the guard reminder to fire");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Cancel);
        Assert.DoesNotContain(_actor.Calls, call => call.StartsWith($"{advanced}.", StringComparison.Ordinal));
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}
