using Ash.Dapr.Client;
using Ash.Dapr.Tests.App;
using DaprClientBuilder = global::Dapr.Client.DaprClientBuilder;

namespace Ash.Dapr.Tests.Client;

/// <summary>Start-up's waits through the SDK's DaprClient, against the stand-in and against no sidecar at all.</summary>
public sealed class SidecarHealthTests : IAsyncLifetime
{
    private readonly RecordingActorType _actor = new("thing");
    private AppBehindSidecar _host = null!;

    public async ValueTask InitializeAsync() =>
        _host = await AppBehindSidecar.StartAsync(_ => [_actor], [], "health-test-token", TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OutboundWait_ReturnsOnceTheSidecarIsUp_AndMetadataNamesOurActorTypeOnly()
    {
        var sidecar = _host.Mesh.Sidecar("app");

        await SidecarHealth.WaitForOutboundAsync(_host.Sdk, sidecar.BaseUrl, TimeSpan.FromSeconds(5), TimeProvider.System, Cancel);

        Assert.True(await SidecarHealth.HostsActorTypeAsync(_host.Sdk, sidecar.GrpcEndpoint, "thing", Cancel));
        Assert.False(await SidecarHealth.HostsActorTypeAsync(_host.Sdk, sidecar.GrpcEndpoint, "other", Cancel));
    }

    [Fact]
    public async Task OutboundWait_GivesUpOnNoSidecar_AndMetadataNamesTheGrpcEndpoint()
    {
        var nowhere = new Uri($"http://127.0.0.1:{DaprAppHost.FreePort()}");
        using var nobody = new DaprClientBuilder().UseHttpEndpoint(nowhere.AbsoluteUri).UseGrpcEndpoint(nowhere.AbsoluteUri).Build();

        var notReady = await Assert.ThrowsAsync<DaprException>(() => SidecarHealth.WaitForOutboundAsync(nobody, nowhere, TimeSpan.FromMilliseconds(300), TimeProvider.System, Cancel));
        var unreadable = await Assert.ThrowsAsync<DaprException>(() => SidecarHealth.HostsActorTypeAsync(nobody, nowhere, "thing", Cancel));

        Assert.Equal("ERR_HEALTH_NOT_READY", notReady.ErrorCode);
        Assert.Equal("Unavailable", unreadable.ErrorCode);
        Assert.Contains(nowhere.ToString(), unreadable.Message, StringComparison.Ordinal);
    }
}
