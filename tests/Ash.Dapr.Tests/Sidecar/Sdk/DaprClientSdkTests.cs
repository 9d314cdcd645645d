using Ash.Testing.Common;
using Dapr;
using Grpc.Core;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// The SDK's DaprClient against the stand-in: publish and metadata over daprd's gRPC API, health over HTTP, with the
/// API token in gRPC metadata, and refusals with daprd's status codes.
/// </summary>
public sealed class DaprClientSdkTests : IAsyncLifetime
{
    private readonly SubscriberInbox inbox = new();
    private readonly SdkActorJournal journal = new();
    private SdkMesh mesh = null!;

    public async ValueTask InitializeAsync() =>
        mesh = await SdkMesh.StartAsync(
        [
            ("subscriber", settings => SdkSubscriberApp.StartAsync(settings, inbox)),
            ("counter", settings => SdkActorApp.StartAsync(settings, journal, idleTimeout: TimeSpan.FromHours(1))),
            ("publisher", null),
        ]);

    public ValueTask DisposeAsync() => mesh.DisposeAsync();

    [Fact]
    public async Task PublishByteEvent_OverGrpc_ReachesTheSdkSubscriber()
    {
        using var dapr = mesh.DaprClient("publisher");

        await dapr.PublishByteEventAsync(SdkSubscriberApp.PubSub, "orders", """{"orderId":11,"item":"soup"}"""u8.ToArray(), cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(() => inbox.Received.Count > 0, "the event to be delivered");
        Assert.Equal(("orders", new Order(11, "soup")), Assert.Single(inbox.Received));
    }

    [Fact]
    public async Task PublishEvent_ToAnUnknownPubSub_IsInvalidArgument()
    {
        using var dapr = mesh.DaprClient("publisher");

        var refused = await Assert.ThrowsAsync<DaprException>(() => dapr.PublishEventAsync("nope", "orders", new Order(1, "x"), TestContext.Current.CancellationToken));

        var status = Assert.IsType<RpcException>(refused.InnerException);
        Assert.Equal(StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("pubsub nope not found", status.Status.Detail);
    }

    [Fact]
    public async Task PublishEvent_WithAWrongApiToken_IsUnauthenticated_AndNothingIsPublished()
    {
        using var dapr = mesh.DaprClient("publisher", apiToken: "not-the-token-0123456789");

        var refused = await Assert.ThrowsAsync<DaprException>(() => dapr.PublishEventAsync(SdkSubscriberApp.PubSub, "orders", new Order(2, "y"), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, Assert.IsType<RpcException>(refused.InnerException).StatusCode);
        Assert.Equal(0, mesh.Mesh.GetPubSubCounts(SdkSubscriberApp.PubSub, "orders").Published);
    }

    [Fact]
    public async Task GetMetadata_OverGrpc_NamesTheAppItsActorTypesAndComponents()
    {
        using var dapr = mesh.DaprClient("counter");

        var metadata = await dapr.GetMetadataAsync(TestContext.Current.CancellationToken);

        Assert.Equal("counter", metadata.Id);
        Assert.Equal([CounterActor.TypeName], metadata.Actors.Select(actor => actor.Type));
        Assert.Equal(["pubsub", "statestore"], metadata.Components.Select(component => component.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Health_OverHttp_IsReportedOnceTheAppChannelIsUp()
    {
        using var dapr = mesh.DaprClient("counter");

        Assert.True(await dapr.CheckOutboundHealthAsync(TestContext.Current.CancellationToken));
        Assert.True(await dapr.CheckHealthAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task PublishEvent_WithNoPubSubConfigured_IsFailedPrecondition()
    {
        await using var bare = await SdkMesh.StartAsync([("publisher", null)], options => options with { PubSubs = [] });
        using var dapr = bare.DaprClient("publisher");

        var refused = await Assert.ThrowsAsync<DaprException>(() => dapr.PublishEventAsync(SdkSubscriberApp.PubSub, "orders", new Order(3, "z"), TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.FailedPrecondition, Assert.IsType<RpcException>(refused.InnerException).StatusCode);
    }
}
