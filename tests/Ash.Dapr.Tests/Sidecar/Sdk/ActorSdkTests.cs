using Ash.Testing.Common;
using Dapr.Actors;
using Dapr.Actors.Client;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// A real Dapr.Actors.AspNetCore app behind the stand-in, called through the SDK's proxies from another sidecar:
/// remoting and JSON calls, state through the StateManager, reminders (one unregistering itself from its callback),
/// timers and exceptions, as the SDK sends and reads them.
/// </summary>
public sealed class ActorSdkTests : IAsyncLifetime
{
    private readonly SdkActorJournal journal = new();
    private SdkMesh mesh = null!;

    public async ValueTask InitializeAsync() =>
        mesh = await SdkMesh.StartAsync(
        [
            ("counter", settings => SdkActorApp.StartAsync(settings, journal, idleTimeout: TimeSpan.FromHours(1))),
            ("caller", null),
        ]);

    public ValueTask DisposeAsync() => mesh.DisposeAsync();

    [Fact]
    public async Task RemotingCalls_KeepStateThroughTheStateManager_AcrossADeactivation()
    {
        var counter = mesh.Counter("caller", "remoting-1");

        Assert.Equal(2, await counter.AddAsync(2));
        Assert.Equal(5, await counter.AddAsync(3));
        await mesh.Mesh.DeactivateAllAsync(TestContext.Current.CancellationToken);

        Assert.Equal(5, await counter.GetAsync());
        Assert.Equal(1, journal.Count("deactivated", "remoting-1"));
        Assert.Equal(2, journal.Count("activated", "remoting-1"));
    }

    [Fact]
    public async Task NonRemotingJsonCalls_ReachTheSameMethods()
    {
        var proxy = ActorProxy.Create(new ActorId("json-1"), CounterActor.TypeName, mesh.ProxyOptions("caller"));

        Assert.Equal(4, await proxy.InvokeMethodAsync<int, int>(nameof(ICounterActor.AddAsync), 4, TestContext.Current.CancellationToken));
        Assert.Equal(10, await proxy.InvokeMethodAsync<int, int>(nameof(ICounterActor.AddAsync), 6, TestContext.Current.CancellationToken));
        Assert.Equal(10, await mesh.Counter("caller", "json-1").GetAsync());
    }

    [Fact]
    public async Task ActorException_ReachesTheRemotingCaller()
    {
        var counter = mesh.Counter("caller", "failing-1");

        var thrown = await Assert.ThrowsAsync<ActorMethodInvocationException>(() => counter.FailAsync("no such order"));

        Assert.Contains("no such order", thrown.InnerException?.Message ?? thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_FiresWithItsData_AndOneUnregisteredInItsCallback_FiresOnce()
    {
        var counter = mesh.Counter("caller", "reminded-1");

        await counter.RemindAsync("stop-now", TimeSpan.Zero, TimeSpan.FromMilliseconds(100), "first");
        await Eventually.TrueAsync(() => journal.Count("unregistered", "reminded-1", "stop-now") == 1, "the reminder to unregister itself");
        // A later one-shot on the same actor: its callback queues behind any further tick of the stopped one.
        await counter.RemindAsync("fence", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(-1), "fence");
        await Eventually.TrueAsync(() => journal.Count("reminder", "reminded-1", "fence") == 1, "the one-shot reminder to fire");

        Assert.Equal(["reminder:reminded-1:stop-now:first"], journal.Entries.Where(entry => entry.StartsWith("reminder:reminded-1:stop-now", StringComparison.Ordinal)));
        Assert.Contains("reminder:reminded-1:fence:fence", journal.Entries);
    }

    [Fact]
    public async Task PeriodicReminder_FiresUntilUnregisteredThroughTheSidecar()
    {
        var counter = mesh.Counter("caller", "reminded-2");

        await counter.RemindAsync("tick", TimeSpan.Zero, TimeSpan.FromMilliseconds(100), "tick");

        await Eventually.TrueAsync(() => journal.Count("reminder", "reminded-2", "tick") >= 3, "the reminder to fire three times");
        using var sidecar = mesh.Client("counter");
        using var deleted = await sidecar.SendAsync(HttpMethod.Delete, $"/v1.0/actors/{CounterActor.TypeName}/reminded-2/reminders/tick");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task Timer_CallsItsCallbackWithItsData_UntilUnregistered()
    {
        var counter = mesh.Counter("caller", "timed-1");

        await counter.StartTimerAsync("beat", TimeSpan.Zero, TimeSpan.FromMilliseconds(100), "beat-data");
        await Eventually.TrueAsync(() => journal.Count("timer", "timed-1") >= 2, "the timer to fire twice");
        await counter.StopTimerAsync("beat");
        var fired = journal.Count("timer", "timed-1");
        await counter.RemindAsync("fence", TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(-1), "fence");
        await Eventually.TrueAsync(() => journal.Count("reminder", "timed-1", "fence") == 1, "the one-shot reminder to fire");

        Assert.All(journal.Entries.Where(entry => entry.StartsWith("timer:timed-1:", StringComparison.Ordinal)), entry => Assert.Equal("timer:timed-1::beat-data", entry));
        // At most a tick that was already queued when the timer was unregistered.
        Assert.InRange(journal.Count("timer", "timed-1"), fired, fired + 1);
    }
}
