using System.Text;
using Ash.Core.Events;

namespace Ash.Core.Tests.Events;

public sealed class LinePeekTests
{
    private static LinePeek Peek(string line) => LinePeek.Of(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("""{"type":"system","subtype":"init"}""", LineType.System)]
    [InlineData("""{"type":"assistant","message":{"content":[]}}""", LineType.Assistant)]
    [InlineData("""{"type":"user","message":{}}""", LineType.User)]
    [InlineData("""{"type":"result","subtype":"success"}""", LineType.Result)]
    [InlineData("""{"type":"control_response","response":{"subtype":"success"}}""", LineType.ControlResponse)]
    [InlineData("""{"type":"stream_event","event":{"type":"message_stop"}}""", LineType.StreamEvent)]
    [InlineData("""{"type":"rate_limit_event"}""", LineType.Other)]
    [InlineData("""{"subtype":"init"}""", LineType.Other)]
    [InlineData("""{"type":7}""", LineType.Other)]
    [InlineData("""{"type":{"nested":"assistant"}}""", LineType.Other)]
    [InlineData("{}", LineType.Other)]
    public void Of_AnObject_GivesItsType(string line, LineType type)
    {
        var peek = Peek(line);

        Assert.True(peek.IsObject);
        Assert.Equal(type, peek.Type);
    }

    [Fact]
    public void Of_TypeAfterNestedObjectsWithTypesOfTheirOwn_GivesTheTopLevelType()
    {
        var peek = Peek("""{"message":{"type":"message","content":[{"type":"text","text":"{\"type\":\"user\"}"}]},"parent_tool_use_id":null,"type":"assistant"}""");

        Assert.Equal(LineType.Assistant, peek.Type);
        Assert.Equal(StreamEventType.Other, peek.EventType);
    }

    [Fact]
    public void Of_EscapedTypeName_IsReadAsItsText()
    {
        Assert.Equal(LineType.Result, Peek("""{"\u0074ype":"res\u0075lt"}""").Type);
    }

    [Fact]
    public void Of_RepeatedType_TheLastWins_AsInADocument()
    {
        Assert.Equal(LineType.Result, Peek("""{"type":"assistant","type":"result"}""").Type);
    }

    [Theory]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}}""", StreamEventType.ContentBlockDelta)]
    [InlineData("""{"event":{"index":0,"delta":{"type":"message_start"},"type":"message_start"},"type":"stream_event"}""", StreamEventType.MessageStart)]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_stop"}}""", StreamEventType.Other)]
    [InlineData("""{"type":"stream_event","event":"content_block_delta"}""", StreamEventType.Other)]
    [InlineData("""{"type":"stream_event"}""", StreamEventType.Other)]
    [InlineData("""{"type":"assistant","event":{"type":"content_block_delta"}}""", StreamEventType.Other)]
    public void Of_StreamEvent_GivesTheInnerEventType(string line, StreamEventType eventType)
    {
        Assert.Equal(eventType, Peek(line).EventType);
    }

    [Theory]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}}""", """{"type":"text_delta","text":"x"}""")]
    [InlineData("""{"type":"stream_event","event":{"delta": { "type" : "signature_delta" } ,"type":"content_block_delta"}}""", """{ "type" : "signature_delta" }""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"a":1},"delta":{"b":2}}}""", """{"b":2}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"a":1},"delta":"text"}}""", "")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"a":1}},"event":{"type":"content_block_delta"}}""", "")]
    [InlineData("""{"type":"stream_event","event":{"type":"message_start","delta":{"a":1}}}""", "")]
    [InlineData("""{"type":"assistant","event":{"type":"content_block_delta","delta":{"a":1}}}""", "")]
    [InlineData("""{"type":"stream_event","delta":{"a":1},"event":{"type":"content_block_delta"}}""", "")]
    public void Of_ContentBlockDelta_GivesWhereItsDeltaObjectLies(string line, string delta)
    {
        var bytes = Encoding.UTF8.GetBytes(line);

        Assert.Equal(delta, Encoding.UTF8.GetString(bytes.AsSpan(LinePeek.Of(bytes).Delta)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"type\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"type\":")]
    [InlineData("{\"type\":\"assistant\"")]
    [InlineData("{\"type\":\"assistant\",\"message\":{\"content\":[1,2}}")]
    [InlineData("{\"type\":\"assistant\"} trailing")]
    [InlineData("{\"type\":\"assistant\"}{\"type\":\"user\"}")]
    [InlineData("{\"type\":\"assistant\",}")]
    [InlineData("{'type':'assistant'}")]
    [InlineData("{\"type\":\"assistant\" /* comment */}")]
    [InlineData("{\"type\":\"unterminated}")]
    public void Of_NotOneWholeJsonObject_IsNotAnObject_AndDoesNotThrow(string line)
    {
        Assert.False(Peek(line).IsObject);
    }

    [Fact]
    public void Of_TrailingWhitespace_IsStillAnObject()
    {
        Assert.True(Peek("{\"type\":\"user\"}  \t ").IsObject);
    }

    [Fact]
    public void Of_NestedDeeperThanADocumentAllows_IsNotAnObject()
    {
        var deep = "{\"type\":\"user\",\"x\":" + new string('[', 100) + new string(']', 100) + "}";

        Assert.False(Peek(deep).IsObject);
    }

    [Fact]
    public void Of_HugeLine_IsReadWhole()
    {
        var text = new string('x', 8 * 1024 * 1024);
        var peek = Peek("{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]},\"type\":\"assistant\"}");

        Assert.True(peek.IsObject);
        Assert.Equal(LineType.Assistant, peek.Type);
    }

    [Fact]
    public void Of_HugeLineCutShort_IsNotAnObject()
    {
        var line = Encoding.UTF8.GetBytes("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"" + new string('x', 1024 * 1024) + "\"}]}}");

        Assert.False(LinePeek.Of(line.AsSpan(0, line.Length - 3)).IsObject);
    }
}
