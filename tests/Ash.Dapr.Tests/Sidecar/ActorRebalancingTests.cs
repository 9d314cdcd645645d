using System.Net;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>A host joining placement takes over some ids; they are deactivated where they were (rebalancing).</summary>
public sealed class ActorRebalancingTests
{
    [Fact]
    public async Task HostJoining_DeactivatesMovedActors_OnTheOldHost()
    {
        var config = TestDaprAppOptions.Hosting("Session");
        var latePort = UnusedPort.Pick();
        await using var early = await TestDaprApp.StartAsync(config);
        await using var mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            Sidecars =
            [
                new SidecarDefinition("worker") { Name = "worker-1", AppBaseUrl = early.BaseUrl },
                new SidecarDefinition("worker") { Name = "worker-2", AppBaseUrl = new Uri($"http://127.0.0.1:{latePort}") },
                new SidecarDefinition("web"),
            ],
        }, TestContext.Current.CancellationToken);
        await mesh.Sidecar("worker-1").WaitForAppChannelAsync(TestContext.Current.CancellationToken);
        using var web = new SidecarClient(mesh.Sidecar("web"));
        for (var i = 0; i < 20; i++)
        {
            await web.PostAsync($"/v1.0/actors/Session/r{i}/method/before", "{}");
        }

        Assert.All(mesh.ActiveActors, actor => Assert.Equal("worker-1", actor.SidecarName));

        await using var late = await TestDaprApp.StartAsync(config, latePort);
        await Eventually.TrueAsync(() => mesh.Sidecar("worker-2").IsAppChannelReady, "the late app to be up");
        await Eventually.TrueAsync(() => !early.Deactivations.IsEmpty, "the moved actors to be deactivated on the old host");
        var moved = early.Deactivations.Select(d => d.ActorId).ToList();
        foreach (var actorId in moved)
        {
            await web.PostAsync($"/v1.0/actors/Session/{actorId}/method/after", "{}");
        }

        Assert.InRange(moved.Count, 1, 19);
        Assert.Equal(moved.Order(), late.CallsTo("after").Select(c => c.ActorId).Order());
    }
}
