using System.Text;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class UsageMeterTests
{
    private const string Stream =
        "event: message_start\r\n" +
        "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5-20250929\",\"usage\":{\"input_tokens\":120,\"cache_creation_input_tokens\":30,\"cache_read_input_tokens\":900,\"output_tokens\":1}}}\r\n\r\n" +
        "event: content_block_delta\n" +
        "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"message_delta in text\"}}\n\n" +
        "event: message_delta\n" +
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":10}}\n\n" +
        "event: message_delta\n" +
        "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":42}}\n\n" +
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void Stream_InAnyChunking_GivesTheStartsInputAndCachesAndTheLastOutput(int chunk)
    {
        var meter = UsageMeter.For("text/event-stream", encoded: false)!;
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            meter.Feed(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)));
        }

        Assert.Equal(new MeteredUsage("claude-sonnet-4-5-20250929", 120, 42, 30, 900), meter.Complete());
    }

    [Fact]
    public void Json_GivesItsModelAndUsage()
    {
        var meter = UsageMeter.For("application/json", encoded: false)!;

        meter.Feed("{\"id\":\"m\",\"type\":\"message\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"usage\":{\"input_tokens\":5,\"output_tokens\":6,\"cache_read_input_tokens\":7}}"u8);

        Assert.Equal(new MeteredUsage("claude-haiku-4-5", 5, 6, 0, 7), meter.Complete());
    }

    [Fact]
    public void LongContentLines_AreSkipped_AndTheUsageStillRead()
    {
        var meter = UsageMeter.For("text/event-stream", encoded: false)!;
        var huge = "data: {\"type\":\"content_block_delta\",\"delta\":{\"text\":\"" + new string('x', 200_000) + "\"}}\n\n";

        meter.Feed(Encoding.UTF8.GetBytes(huge));
        meter.Feed(Encoding.UTF8.GetBytes(Stream));

        Assert.Equal(42, meter.Complete()!.Value.OutputTokens);
    }

    [Fact]
    public void AnswerWithoutUsage_GivesNothing()
    {
        var stream = UsageMeter.For("text/event-stream", encoded: false)!;
        stream.Feed("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}\n\n"u8);
        var json = UsageMeter.For("application/json", encoded: false)!;
        json.Feed("{\"type\":\"error\",\"error\":{}}"u8);
        var broken = UsageMeter.For("application/json", encoded: false)!;
        broken.Feed("{\"type\":\"mess"u8);

        Assert.Null(stream.Complete());
        Assert.Null(json.Complete());
        Assert.Null(broken.Complete());
    }

    [Fact]
    public void EncodedOrOtherAnswers_AreNotMetered()
    {
        Assert.Null(UsageMeter.For("text/event-stream", encoded: true));
        Assert.Null(UsageMeter.For("text/plain", encoded: false));
        Assert.Null(UsageMeter.For(null, encoded: false));
    }

    [Fact]
    public void BedrockEventStream_GivesTheUsageOfItsChunks()
    {
        var meter = UsageMeter.For("application/vnd.amazon.eventstream", encoded: false, requestedModel: "us.anthropic.claude-sonnet-4-5-20250929-v1:0")!;

        meter.Feed(Convert.FromHexString(Bedrock.EventStreamDecoderTests.Stream));

        Assert.Equal(new MeteredUsage("claude-sonnet-4-5-20250929", 120, 42, 30, 900), meter.Complete());
    }

    [Fact]
    public void Json_WithoutAModel_IsRecordedUnderTheRequestedOne()
    {
        var meter = UsageMeter.For("application/json", encoded: false, requestedModel: "eu.anthropic.claude-haiku-4-5-20251001-v1:0")!;

        meter.Feed("{\"type\":\"message\",\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}"u8);

        Assert.Equal(new MeteredUsage("eu.anthropic.claude-haiku-4-5-20251001-v1:0", 5, 6, 0, 0), meter.Complete());
    }
}
