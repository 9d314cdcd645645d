using System.Net;
using System.Text.Json;
using Ash.Testing.Common;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// A real Dapr.AspNetCore subscriber behind the stand-in: the subscriptions its <c>MapSubscribeHandler</c> lists
/// (camel-cased, as the SDK writes them) are all taken, and CloudEvents reach its handlers as their data.
/// </summary>
public sealed class SubscriptionSdkTests : IAsyncLifetime
{
    private readonly SubscriberInbox inbox = new();
    private SdkMesh mesh = null!;
    private SidecarClient publisher = null!;

    public async ValueTask InitializeAsync()
    {
        mesh = await SdkMesh.StartAsync(
        [
            ("subscriber", settings => SdkSubscriberApp.StartAsync(settings, inbox)),
            ("publisher", null),
        ]);
        publisher = mesh.Client("publisher");
    }

    public async ValueTask DisposeAsync()
    {
        publisher.Dispose();
        await mesh.DisposeAsync();
    }

    [Fact]
    public async Task EverySubscriptionTheSdkLists_IsTaken()
    {
        using var sidecar = mesh.Client("subscriber");
        using var response = await sidecar.GetAsync("/v1.0/metadata");
        using var metadata = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var topics = metadata.RootElement.GetProperty("subscriptions").EnumerateArray()
            .Select(subscription => $"{subscription.GetProperty("pubsubname").GetString()}/{subscription.GetProperty("topic").GetString()}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(["pubsub/guarded", "pubsub/guarded-dlq", "pubsub/orders", "pubsub/routed", "pubsub/shipments"], topics);
    }

    [Theory]
    [InlineData("orders", "orders")]
    [InlineData("shipments", "shipments")]
    [InlineData("routed", "routed-default")]
    public async Task PublishedJson_ReachesTheHandler_AsItsData(string topic, string handler)
    {
        using var published = await publisher.PostAsync($"/v1.0/publish/pubsub/{topic}", """{"orderId":7,"item":"tea"}""");

        Assert.Equal(HttpStatusCode.NoContent, published.StatusCode);
        await Eventually.TrueAsync(() => inbox.Received.Any(received => received.Handler == handler), $"the event to reach {handler}");
        Assert.Equal((handler, new Order(7, "tea")), Assert.Single(inbox.Received));
    }

    [Fact]
    public async Task CloudEventOfTheRulesType_TakesTheRulesRoute()
    {
        using var published = await publisher.PostAsync(
            "/v1.0/publish/pubsub/routed",
            """{"specversion":"1.0","id":"e-1","source":"test","type":"special","datacontenttype":"application/json","data":{"orderId":8,"item":"cake"}}""",
            "application/cloudevents+json");

        Assert.Equal(HttpStatusCode.NoContent, published.StatusCode);
        await Eventually.TrueAsync(() => inbox.Received.Count > 0, "the event to be delivered");
        Assert.Equal(("routed-special", new Order(8, "cake")), Assert.Single(inbox.Received));
    }

    [Fact]
    public async Task DroppedEvent_GoesToTheDeadLetterTopicTheAttributeNames()
    {
        using var published = await publisher.PostAsync("/v1.0/publish/pubsub/guarded", """{"orderId":9,"item":"pie"}""");

        Assert.Equal(HttpStatusCode.NoContent, published.StatusCode);
        await Eventually.TrueAsync(() => inbox.Received.Any(received => received.Handler == "guarded-dlq"), "the dropped event to be dead-lettered");
        Assert.Equal([("guarded", new Order(9, "pie")), ("guarded-dlq", new Order(9, "pie"))], inbox.Received);
    }
}
