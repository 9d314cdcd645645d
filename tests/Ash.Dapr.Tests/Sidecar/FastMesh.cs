using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>The stand-in as the sidecar tests run it: quick reminder retries and redelivery, started and waited on until every app channel is up.</summary>
internal static class FastMesh
{
    public static DaprMeshOptions Options(IReadOnlyList<SidecarDefinition> sidecars) => new()
    {
        Sidecars = sidecars,
        ReminderRetry = new ReminderRetryPolicy(3, TimeSpan.FromMilliseconds(50)),
        RedeliveryInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>Starts the mesh and waits, bounded, for every app channel; a mesh that does not get there is disposed.</summary>
    public static async Task<DaprMesh> StartAsync(DaprMeshOptions options)
    {
        var mesh = await DaprMesh.StartAsync(options, TestContext.Current.CancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(Eventually.DefaultTimeout);
            await mesh.WaitForAppChannelsAsync(timeout.Token);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }
}
