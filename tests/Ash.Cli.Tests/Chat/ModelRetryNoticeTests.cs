using System.Text.Json;
using Ash.Cli.Chat;
using Ash.Client;

namespace Ash.Cli.Tests.Chat;

public sealed class ModelRetryNoticeTests
{
    [Fact]
    public void ApiRetryMessage_WithAStatus_SaysWhatTheModelAnsweredAndWhenTheRetryIs()
    {
        var notice = ModelRetryNotice.From(Message("""{"type":"system","subtype":"api_retry","attempt":3,"max_retries":10,"retry_delay_ms":7200,"error_status":529,"error":"overloaded"}"""));

        Assert.Equal("model answered 529, retry 3/10 in 8 s", notice);
    }

    [Fact]
    public void ApiRetryMessage_WithoutAStatus_SaysTheModelDidNotAnswer()
    {
        var notice = ModelRetryNotice.From(Message("""{"type":"system","subtype":"api_retry","attempt":1,"max_retries":10,"retry_delay_ms":300,"error_status":null,"error":"unknown"}"""));

        Assert.Equal("model did not answer, retry 1/10 in 1 s", notice);
    }

    [Theory]
    [InlineData("""{"type":"system","subtype":"init"}""")]
    [InlineData("""{"type":"assistant","message":{}}""")]
    [InlineData("""{"type":"system","subtype":"api_retry"}""")]
    public void OtherMessages_AreNoNotice(string data) => Assert.Null(ModelRetryNotice.From(Message(data)));

    private static AshEvent Message(string data) => new(1, AshEventTypes.Message, JsonDocument.Parse(data).RootElement.Clone());
}
