using Ash.Testing.Common;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>The idle timeout an SDK app declares in <c>/dapr/config</c> (its own duration format) deactivates its actors.</summary>
public sealed class ActorIdleSdkTests : IAsyncLifetime
{
    private readonly SdkActorJournal journal = new();
    private SdkMesh mesh = null!;

    public async ValueTask InitializeAsync() =>
        mesh = await SdkMesh.StartAsync(
        [
            ("counter", settings => SdkActorApp.StartAsync(settings, journal, idleTimeout: TimeSpan.FromSeconds(1))),
            ("caller", null),
        ]);

    public ValueTask DisposeAsync() => mesh.DisposeAsync();

    [Fact]
    public async Task IdleActor_IsDeactivatedByTheSidecar_AndComesBackWithItsState()
    {
        var counter = mesh.Counter("caller", "idle-1");
        Assert.Equal(7, await counter.AddAsync(7));

        await Eventually.TrueAsync(() => journal.Count("deactivated", "idle-1") == 1, "the idle actor to be deactivated");

        Assert.Empty(mesh.Mesh.ActiveActors);
        Assert.Equal(7, await counter.GetAsync());
        Assert.Equal(2, journal.Count("activated", "idle-1"));
    }
}
