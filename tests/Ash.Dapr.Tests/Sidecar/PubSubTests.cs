using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Publishing, the CloudEvent envelope, delivery outcomes and consumer groups (reference §3).</summary>
public sealed class PubSubTests : IAsyncLifetime
{
    private const string OrdersOnly = """[{"pubsubname":"pubsub","topic":"orders","route":"/events/orders"}]""";

    private const string Subscriptions = """
        [
          {"pubsubname":"pubsub","topic":"orders","route":"/events/orders"},
          {"pubsubname":"pubsub","topic":"single","routes":{"default":"/events/single"}},
          {"pubsubname":"pubsub","topic":"flaky","routes":{"default":"/events/flaky"},"deadLetterTopic":"flaky-dlq"},
          {"pubsubname":"pubsub","topic":"flaky-dlq","route":"/events/dlq"},
          {"pubsubname":"pubsub","topic":"routed","routes":{"rules":[{"match":"event.type == \"special\"","path":"/events/special"}],"default":"/events/routed"}}
        ]
        """;

    private TestMesh testMesh = null!;
    private SidecarClient web = null!;
    private TestDaprApp orders = null!;

    public async ValueTask InitializeAsync()
    {
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("orders"), new TestDaprAppOptions(null, Subscriptions)),
            (new SidecarDefinition("audit"), new TestDaprAppOptions(null, OrdersOnly)),
            (new SidecarDefinition("billing") { Name = "billing-1" }, new TestDaprAppOptions(null, OrdersOnly)),
            (new SidecarDefinition("billing") { Name = "billing-2" }, new TestDaprAppOptions(null, OrdersOnly)),
            (new SidecarDefinition("web"), null),
        ]);
        web = testMesh.Client("web");
        orders = testMesh.App("orders");
    }

    public async ValueTask DisposeAsync()
    {
        web.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task Publish_Json_IsDeliveredAsCloudEvent()
    {
        using var response = await web.PostAsync("/v1.0/publish/pubsub/single", """{"orderId":7}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(() => !orders.Events.IsEmpty, "the event to be delivered");
        var delivered = Assert.Single(orders.Events);
        var cloudEvent = delivered.CloudEvent;
        Assert.Equal("/events/single", delivered.Route);
        Assert.StartsWith("application/cloudevents+json", delivered.ContentType, StringComparison.Ordinal);
        Assert.Equal("1.0", (string?)cloudEvent["specversion"]);
        Assert.True(Guid.TryParse((string?)cloudEvent["id"], out _));
        Assert.Equal("web", (string?)cloudEvent["source"]);
        Assert.Equal("com.dapr.event.sent", (string?)cloudEvent["type"]);
        Assert.Equal("single", (string?)cloudEvent["topic"]);
        Assert.Equal("pubsub", (string?)cloudEvent["pubsubname"]);
        Assert.True(DateTimeOffset.TryParse((string?)cloudEvent["time"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.StartsWith("application/json", (string?)cloudEvent["datacontenttype"], StringComparison.Ordinal);
        Assert.Equal(7, (int?)cloudEvent["data"]!["orderId"]);
    }

    [Fact]
    public async Task Publish_Text_IsDeliveredAsStringData()
    {
        await web.PostAsync("/v1.0/publish/pubsub/single", "hello there", "text/plain");

        await Eventually.TrueAsync(() => !orders.Events.IsEmpty, "the event to be delivered");
        Assert.Equal("hello there", (string?)orders.Events.Single().CloudEvent["data"]);
    }

    [Fact]
    public async Task Publish_CloudEvent_KeepsGivenFieldsAndFillsMissingOnes()
    {
        await web.PostAsync("/v1.0/publish/pubsub/single", """{"specversion":"1.0","id":"my-id","type":"my.type","data":{"x":1},"datacontenttype":"application/json","custom":"c"}""", "application/cloudevents+json");

        await Eventually.TrueAsync(() => !orders.Events.IsEmpty, "the event to be delivered");
        var cloudEvent = orders.Events.Single().CloudEvent;
        Assert.Equal("my-id", (string?)cloudEvent["id"]);
        Assert.Equal("my.type", (string?)cloudEvent["type"]);
        Assert.Equal("c", (string?)cloudEvent["custom"]);
        Assert.Equal("web", (string?)cloudEvent["source"]);
        Assert.Equal("single", (string?)cloudEvent["topic"]);
        Assert.Equal("pubsub", (string?)cloudEvent["pubsubname"]);
    }

    [Fact]
    public async Task Publish_TraceContext_ReachesTheSubscriberInTheCloudEventAndAsItsHeader()
    {
        const string TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1.0/publish/pubsub/single") { Content = new StringContent("""{"orderId":8}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", TraceParent);

        using var response = await web.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await Eventually.TrueAsync(() => !orders.Events.IsEmpty, "the event to be delivered");
        var delivered = Assert.Single(orders.Events);
        Assert.Equal(TraceParent, (string?)delivered.CloudEvent["traceparent"]);

        // daprd's own span sits between: same trace, same sampling, another span id.
        Assert.Matches("^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$", delivered.TraceParent);
        Assert.NotEqual(TraceParent, delivered.TraceParent);
    }

    [Fact]
    public async Task Publish_UnknownPubSub_Returns404()
    {
        using var response = await web.PostAsync("/v1.0/publish/nope/orders", "{}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ERR_PUBSUB_NOT_FOUND", (await SidecarClient.ReadErrorAsync(response)).ErrorCode);
    }

    [Fact]
    public async Task Deliveries_ToOneConsumerGroup_FollowPublishOrder()
    {
        for (var i = 0; i < 5; i++)
        {
            await web.PostAsync("/v1.0/publish/pubsub/single", $$"""{"n":{{i}}}""");
        }

        await Eventually.TrueAsync(() => orders.Events.Count == 5, "five events to be delivered");
        Assert.Equal([0, 1, 2, 3, 4], orders.Events.Select(e => (int)e.CloudEvent["data"]!["n"]!));
    }

    [Fact]
    public async Task ConsumerGroups_DistinctIdsEachGetEveryMessage_ReplicasSplitThem()
    {
        for (var i = 0; i < 4; i++)
        {
            await web.PostAsync("/v1.0/publish/pubsub/orders", $$"""{"n":{{i}}}""");
        }

        await Eventually.TrueAsync(() => testMesh.Mesh.GetPubSubCounts("pubsub", "orders").Acknowledged == 12, "every group to acknowledge every message");
        var billing1 = testMesh.App("billing-1").Events.Count;
        var billing2 = testMesh.App("billing-2").Events.Count;
        Assert.Equal(4, orders.Events.Count);
        Assert.Equal(4, testMesh.App("audit").Events.Count);
        Assert.Equal(4, billing1 + billing2);
        Assert.True(billing1 > 0 && billing2 > 0, $"replicas should share the work, got {billing1} and {billing2}");
        Assert.Equal(4, testMesh.App("billing-1").Events.Concat(testMesh.App("billing-2").Events).Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("500")]
    [InlineData("unknown-status")]
    public async Task Delivery_RetryOrFailure_IsRedelivered(string failure)
    {
        var failed = 0;
        orders.OnEvent = _ => Interlocked.Increment(ref failed) == 1
            ? failure switch
            {
                "retry" => Results.Json(new { status = "RETRY" }),
                "500" => Results.StatusCode(StatusCodes.Status500InternalServerError),
                _ => Results.Json(new { status = "LATER" }),
            }
            : Results.Json(new { status = "SUCCESS" });

        await web.PostAsync("/v1.0/publish/pubsub/single", "{}");

        await Eventually.TrueAsync(() => testMesh.Mesh.GetPubSubCounts("pubsub", "single").Acknowledged == 1, "the redelivery to be acknowledged");
        Assert.Equal(2, orders.Events.Count);
        Assert.Equal(orders.Events.First().Id, orders.Events.Last().Id);
        Assert.Equal(1, testMesh.Mesh.GetPubSubCounts("pubsub", "single").Redeliveries);
    }

    [Fact]
    public async Task Delivery_Drop_IsNotRedelivered()
    {
        orders.OnEvent = _ => Results.Json(new { status = "DROP" });

        await web.PostAsync("/v1.0/publish/pubsub/single", "{}");

        await Eventually.TrueAsync(() => testMesh.Mesh.GetPubSubCounts("pubsub", "single").Dropped == 1, "the message to be dropped");
        Assert.Equal(new PubSubCounts(1, 1, 0, 0, 1, 0), testMesh.Mesh.GetPubSubCounts("pubsub", "single"));
    }

    [Fact]
    public async Task Delivery_404_IsDroppedWithoutDeadLetter()
    {
        orders.OnEvent = _ => Results.NotFound();

        await web.PostAsync("/v1.0/publish/pubsub/flaky", "{}");

        await Eventually.TrueAsync(() => testMesh.Mesh.GetPubSubCounts("pubsub", "flaky").Dropped == 1, "the message to be dropped");
        Assert.Equal(new PubSubCounts(1, 1, 0, 0, 1, 0), testMesh.Mesh.GetPubSubCounts("pubsub", "flaky"));
        Assert.Equal(0, testMesh.Mesh.GetPubSubCounts("pubsub", "flaky-dlq").Published);
    }

    [Fact]
    public async Task Delivery_FailingEveryAttempt_GoesToDeadLetterTopic()
    {
        orders.OnEvent = delivered => delivered.Route == "/events/flaky" ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok();

        await web.PostAsync("/v1.0/publish/pubsub/flaky", """{"poison":true}""");

        await Eventually.TrueAsync(() => orders.Events.Any(e => e.Route == "/events/dlq"), "the dead letter to be delivered");
        var attempts = orders.Events.Where(e => e.Route == "/events/flaky").ToList();
        var deadLetter = orders.Events.Single(e => e.Route == "/events/dlq");
        Assert.Equal(3, attempts.Count);
        Assert.Equal(attempts[0].Id, deadLetter.Id);
        Assert.Equal(1, testMesh.Mesh.GetPubSubCounts("pubsub", "flaky").DeadLettered);
    }

    [Fact]
    public async Task Delivery_DropWithDeadLetterTopic_IsDeadLettered()
    {
        orders.OnEvent = delivered => delivered.Route == "/events/flaky" ? Results.Json(new { status = "DROP" }) : Results.Ok();

        await web.PostAsync("/v1.0/publish/pubsub/flaky", "{}");

        await Eventually.TrueAsync(() => orders.Events.Any(e => e.Route == "/events/dlq"), "the dead letter to be delivered");
        Assert.Single(orders.Events, e => e.Route == "/events/flaky");
    }

    [Fact]
    public async Task Routing_EventTypeRule_PicksItsPath_OthersUseDefault()
    {
        await web.PostAsync("/v1.0/publish/pubsub/routed", """{"specversion":"1.0","id":"1","type":"special","data":{}}""", "application/cloudevents+json");
        await web.PostAsync("/v1.0/publish/pubsub/routed", """{"specversion":"1.0","id":"2","type":"ordinary","data":{}}""", "application/cloudevents+json");

        await Eventually.TrueAsync(() => orders.Events.Count == 2, "both events to be delivered");
        Assert.Equal("/events/special", orders.Events.Single(e => e.Id == "1").Route);
        Assert.Equal("/events/routed", orders.Events.Single(e => e.Id == "2").Route);
    }

    [Fact]
    public async Task Metadata_ListsProgrammaticSubscriptions()
    {
        using var client = testMesh.Client("orders");

        var metadata = JsonNode.Parse(await (await client.GetAsync("/v1.0/metadata")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        var flaky = metadata["subscriptions"]!.AsArray().Single(s => (string?)s!["topic"] == "flaky")!;
        Assert.Equal("pubsub", (string?)flaky["pubsubname"]);
        Assert.Equal("flaky-dlq", (string?)flaky["deadLetterTopic"]);
        Assert.Equal("PROGRAMMATIC", (string?)flaky["type"]);
    }
}
