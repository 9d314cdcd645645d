using System.Text;
using System.Text.Json;
using Ash.Core.Events;
using Ash.Dapr.Events;

namespace Ash.Dapr.Tests.Events;

/// <summary>Events carry their data as UTF-8; on the topic it is still a JSON string, as it was when events carried text.</summary>
public sealed class EventBatchMessageTests
{
    private static readonly Guid Session = Guid.Parse("7d1c3f0e-5b2a-4c1d-9e8f-0a1b2c3d4e5f");
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"delta":"plain"}""")]
    [InlineData("""{"delta":"Hé ☃ \"q\" \\ <b>"}""")]
    [InlineData("\"tab\\there\"")]
    public void Serialize_Data_IsTheSameJsonStringAsTextGave_AndReadsBackToTheSameBytes(string data)
    {
        var message = EventBatchMessage.From(Session, [new SessionEvent(Session, "default", 4, 2, EventTypes.TextDelta, Encoding.UTF8.GetBytes(data), At)]);

        var body = JsonSerializer.SerializeToUtf8Bytes(message, DaprEventsJsonContext.Default.EventBatchMessage);
        var wireData = JsonDocument.Parse(body).RootElement.GetProperty("events")[0].GetProperty("data");
        var back = JsonSerializer.Deserialize(body, DaprEventsJsonContext.Default.EventBatchMessage)!.ToEvents();

        Assert.Equal(JsonValueKind.String, wireData.ValueKind);
        Assert.Equal(data, wireData.GetString());
        Assert.Equal(data, Assert.Single(back).DataText);
    }

    [Fact]
    public void Serialize_NullData_StaysNull()
    {
        var message = EventBatchMessage.From(Session, [new SessionEvent(Session, "default", 1, 1, EventTypes.Done, null, At)]);

        var body = JsonSerializer.SerializeToUtf8Bytes(message, DaprEventsJsonContext.Default.EventBatchMessage);
        var back = JsonSerializer.Deserialize(body, DaprEventsJsonContext.Default.EventBatchMessage)!.ToEvents();

        Assert.Null(Assert.Single(back).Data);
    }

    [Fact]
    public void Deserialize_MessageWrittenWithTextData_GivesItsUtf8()
    {
        var body = $$"""{"sessionId":"{{Session}}","tenantId":"default","events":[{"seq":1,"turn":1,"type":"text_delta","data":"{\"delta\":\"H\u00e9\"}","createdAt":"2026-01-02T03:04:05+00:00"}]}""";

        var back = JsonSerializer.Deserialize(body, DaprEventsJsonContext.Default.EventBatchMessage)!.ToEvents();

        Assert.Equal(Encoding.UTF8.GetBytes("""{"delta":"Hé"}"""), Assert.Single(back).Data);
    }

    [Fact]
    public void Deserialize_DataThatIsNotAString_IsRefused()
    {
        var body = $$"""{"sessionId":"{{Session}}","tenantId":"default","events":[{"seq":1,"turn":1,"type":"x","data":{"a":1},"createdAt":"2026-01-02T03:04:05+00:00"}]}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(body, DaprEventsJsonContext.Default.EventBatchMessage));
    }
}
