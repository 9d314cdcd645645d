using System.Net;
using System.Text;
using System.Text.Json;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>Our subscription endpoints answer as daprd expects (dapr-http-api.md §3.2–3.5).</summary>
public sealed class SubscriptionEndpointConformanceTests : IAsyncLifetime
{
    private readonly RecordingSubscription _events = new("ash-pubsub", "session-events");
    private DaprAppHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await DaprAppHost.StartAsync([], [_events]);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string? Answer)> DeliverAsync(string body, string contentType = "application/cloudevents+json")
    {
        using var response = await _host.Http.PostAsync(_events.Route, new StringContent(body, Encoding.UTF8, contentType), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString());
    }

    private static string CloudEvent(string data) =>
        $$"""{"specversion":"1.0","id":"m-1","source":"ash-api","type":"com.dapr.event.sent","topic":"session-events","pubsubname":"ash-pubsub","datacontenttype":"application/json","data":{{data}}}""";

    [Fact]
    public async Task Subscribe_ListsTheTopicWithItsRoute()
    {
        using var response = await _host.Http.GetAsync("/dapr/subscribe", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var item = Assert.Single(json.RootElement.EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ash-pubsub", item.GetProperty("pubsubname").GetString());
        Assert.Equal("session-events", item.GetProperty("topic").GetString());
        Assert.Equal(_events.Route, item.GetProperty("routes").GetProperty("default").GetString());
    }

    [Fact]
    public async Task ACloudEvent_ReachesTheHandler_WithItsJsonPayload_AndIsAcknowledged()
    {
        var answer = await DeliverAsync(CloudEvent("""{"n":1}"""));

        Assert.Equal((HttpStatusCode.OK, "SUCCESS"), answer);
        var (delivery, data) = Assert.Single(_events.Received);
        Assert.Equal("""{"n":1}""", data);
        Assert.Equal(("m-1", "ash-api", "session-events", "ash-pubsub"), (delivery.Id, delivery.Source, delivery.Topic, delivery.PubSubName));
    }

    [Theory]
    [InlineData(DeliveryOutcome.Retry, "RETRY")]
    [InlineData(DeliveryOutcome.Drop, "DROP")]
    [InlineData(null, "RETRY")]
    public async Task TheHandlersOutcome_IsTheStatus_AThrowIsARetry(DeliveryOutcome? outcome, string status)
    {
        _events.Outcome = outcome;

        Assert.Equal((HttpStatusCode.OK, status), await DeliverAsync(CloudEvent("1")));
    }

    [Fact]
    public async Task RawPayload_InDataBase64_IsDecoded()
    {
        var base64 = Convert.ToBase64String("""{"raw":true}"""u8.ToArray());

        var answer = await DeliverAsync($$"""{"specversion":"1.0","id":"r","datacontenttype":"application/octet-stream","data_base64":"{{base64}}"}""");

        Assert.Equal((HttpStatusCode.OK, "SUCCESS"), answer);
        Assert.Equal("""{"raw":true}""", Assert.Single(_events.Received).Data);
    }

    [Theory]
    [InlineData("""{"specversion":"1.0","id":"x"}""")]
    [InlineData("""{"specversion":"1.0","id":"x","data_base64":"not base64!"}""")]
    [InlineData("[1,2]")]
    [InlineData("42")]
    public async Task JsonThatIsNoUsableCloudEvent_IsDropped_NotRetried(string body)
    {
        Assert.Equal((HttpStatusCode.OK, "DROP"), await DeliverAsync(body));
        Assert.Empty(_events.Received);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"specversion":"1.0","data":""")]
    public async Task ABodyThatIsNotJson_Is400_InTheErrorShape(string body)
    {
        using var response = await _host.Http.PostAsync(_events.Route, new StringContent(body, Encoding.UTF8, "application/cloudevents+json"), TestContext.Current.CancellationToken);

        await ErrorShape.AssertAsync(response, HttpStatusCode.BadRequest, "invalid_body");
        Assert.Empty(_events.Received);
    }
}
