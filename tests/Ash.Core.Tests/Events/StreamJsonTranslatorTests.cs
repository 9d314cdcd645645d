using System.Text;
using System.Text.Json;
using Ash.Core.Events;

namespace Ash.Core.Tests.Events;

public sealed class StreamJsonTranslatorTests
{
    /// <summary>Writes what needs no escape as it is (as the CLI does), so the translator meets unescaped text too.</summary>
    private static readonly JsonSerializerOptions RawText = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static (AgentLine Line, List<PendingEvent> Events) Translate(string json, bool partial = true)
    {
        var events = new List<PendingEvent>();
        var line = StreamJsonTranslator.Translate(Encoding.UTF8.GetBytes(json), partial, events);
        return (line, events);
    }

    private static string? Text(PendingEvent pendingEvent) => pendingEvent.Data is { } data ? Encoding.UTF8.GetString(data) : null;

    [Fact]
    public void Translate_TextDelta_GivesTextDeltaThenRawMessage()
    {
        var raw = """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}}""";
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([EventTypes.TextDelta, EventTypes.Message], events.Select(e => e.Type));
        Assert.Equal("""{"delta":"Hi"}""", Text(events[0]));
        Assert.Equal(raw, Text(events[1]));
    }

    [Fact]
    public void Translate_StreamEventWithoutPartialMessages_GivesNothing()
    {
        var (_, events) = Translate("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"Hi"}}}""", partial: false);

        Assert.Empty(events);
    }

    [Fact]
    public void Translate_AssistantToolUse_GivesToolUseAndStoresMessage()
    {
        var (line, events) = Translate("""{"type":"assistant","message":{"content":[{"type":"text","text":"ok"},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}}]}}""");

        Assert.Equal([EventTypes.ToolUse, EventTypes.Message], events.Select(e => e.Type));
        var toolUse = JsonDocument.Parse(events[0].Data!).RootElement;
        Assert.Equal("t1", toolUse.GetProperty("id").GetString());
        Assert.Equal("ls", toolUse.GetProperty("input").GetProperty("command").GetString());
        Assert.Equal("assistant", JsonDocument.Parse(line.HistoryMessage!).RootElement.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("\"file list\"")]
    [InlineData("[{\"type\":\"text\",\"text\":\"file list\"}]")]
    public void Translate_ToolResult_GivesTextContent(string content)
    {
        var (_, events) = Translate("{\"type\":\"user\",\"message\":{\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":" + content + ",\"is_error\":true}]}}");

        var result = JsonDocument.Parse(events[0].Data!).RootElement;
        Assert.Equal(EventTypes.ToolResult, events[0].Type);
        Assert.Equal("t1", result.GetProperty("tool_use_id").GetString());
        Assert.Equal("file list", result.GetProperty("content").GetString());
        Assert.True(result.GetProperty("is_error").GetBoolean());
    }

    [Fact]
    public void Translate_SuccessfulResult_EndsTurnWithUsageAndTurnComplete()
    {
        var (line, events) = Translate("""{"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"All done","usage":{"input_tokens":5,"output_tokens":7},"total_cost_usd":0.01}""");

        Assert.Equal(AgentLineKind.Result, line.Kind);
        Assert.False(line.IsError);
        Assert.Equal([EventTypes.Usage, EventTypes.TurnComplete, EventTypes.Message], events.Select(e => e.Type));
        Assert.Equal("""{"numTurns":2,"result":"All done"}""", Text(events[1]));
        Assert.Contains("\"outputTokens\":7", Text(events[0]));
    }

    [Fact]
    public void Translate_InterruptedResult_IsAnErrorWithAReadableReason()
    {
        var (line, _) = Translate("""{"type":"result","subtype":"error_during_execution","is_error":true,"num_turns":1}""");

        Assert.True(line.IsError);
        Assert.Equal("The turn was interrupted", line.ResultText);
    }

    [Fact]
    public void Translate_ControlResponse_IsNotShownToClients()
    {
        var (line, events) = Translate("""{"type":"control_response","response":{"subtype":"success","request_id":"r1"}}""");

        Assert.Equal(AgentLineKind.ControlResponse, line.Kind);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"type\":")]
    [InlineData("{\"type\":\"result\"} {")]
    [InlineData("{\"type\":\"system\",\"a\":[}")]
    [InlineData("{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\"")]
    public void Translate_NotAJsonObject_IsInvalid(string text)
    {
        var (line, events) = Translate(text);

        Assert.Equal(AgentLineKind.Invalid, line.Kind);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hé \"x\""}}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"hmm"}}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}}""")]
    public void Translate_Delta_IsMarkedAsStoredInItsMessage_AndRebuildsExactly(string raw)
    {
        var (_, events) = Translate(raw);

        Assert.True(events[0].DataInNextEvent);
        Assert.False(events[1].DataInNextEvent);
        Assert.Equal(events[0].Data, StreamJsonTranslator.DerivedDeltaData(events[1].Data!));
    }

    [Fact]
    public void Translate_DerivedEventsOfWholeMessages_AreStoredThemselves()
    {
        var (_, events) = Translate("""{"type":"assistant","message":{"content":[{"type":"tool_use","id":"t1","name":"Bash","input":{}}]}}""");

        Assert.All(events, e => Assert.False(e.DataInNextEvent));
    }

    [Fact]
    public void DerivedDeltaData_NotADelta_IsNull()
    {
        Assert.Null(StreamJsonTranslator.DerivedDeltaData("""{"type":"result"}"""u8.ToArray()));
        Assert.Null(StreamJsonTranslator.DerivedDeltaData("not json"u8.ToArray()));
    }

    [Theory]
    [InlineData("""{"type":"assistant","message":{"content":[1,2]}}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":7}]}}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":"thinking","thinking":5}]}}""")]
    [InlineData("""{"type":"user","message":{"content":["x"]}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":7,"text":"x"}}}""")]
    public void Translate_KnownTypeWithWrongKindsOfValues_IsAProtocolViolation_WithNothingLeftBehind(string raw)
    {
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Invalid, line.Kind);
        Assert.Empty(events);
    }

    [Theory]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"a","text":"b"}}}""", EventTypes.TextDelta, """{"delta":"b"}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"text":"a","type":"thinking_delta","thinking":"t"}}}""", EventTypes.ThinkingDelta, """{"delta":"t"}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"t\u0065xt":"a\nb","type":"text\u005fdelta"}}}""", EventTypes.TextDelta, """{"delta":"a\nb"}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"delta":{ "type" : "signature_delta", "signature" : "s" }}}""", "signature_delta", """{ "type" : "signature_delta", "signature" : "s" }""")]
    public void Translate_Delta_IsReadAsADocumentWouldRead(string raw, string type, string data)
    {
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([type, EventTypes.Message], events.Select(e => e.Type));
        Assert.Equal(data, Text(events[0]));
        Assert.Equal(events[0].Data, StreamJsonTranslator.DerivedDeltaData(events[1].Data!));
    }

    [Theory]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":"text"}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"text":"x"}}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"","text":"x"}}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"thinking_delta","text":"x"}}}""")]
    public void Translate_DeltaThatGivesNoEvent_GivesOnlyTheRawMessage(string raw)
    {
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([EventTypes.Message], events.Select(e => e.Type));
        Assert.Null(StreamJsonTranslator.DerivedDeltaData(events[0].Data!));
    }

    [Fact]
    public void Translate_TextDeltaThatIsNotAString_GivesNoDelta()
    {
        var (line, events) = Translate("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":5}}}""");

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([EventTypes.Message], events.Select(e => e.Type));
    }

    [Fact]
    public void Translate_RawMessage_IsTheLineItself_NotACopy()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"system","subtype":"init","cwd":"/workspace"}""");
        var events = new List<PendingEvent>();

        StreamJsonTranslator.Translate(line, true, events);

        Assert.Same(line, Assert.Single(events).Data);
    }

    [Theory]
    [InlineData("héllo ☃ <b>&amp;</b> 'q'")]
    [InlineData("tab\there \"quoted\" \\ back")]
    [InlineData("")]
    public void Translate_TextDelta_IsWrittenAsAWriterWritesTheString(string text)
    {
        var raw = "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + System.Text.Json.JsonSerializer.Serialize(text) + "}}}";
        var expected = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(expected))
        {
            writer.WriteStartObject();
            writer.WriteString("delta", text);
            writer.WriteEndObject();
        }

        var (_, events) = Translate(raw);

        Assert.Equal(Encoding.UTF8.GetString(expected.WrittenSpan), Text(events[0]));
    }

    [Fact]
    public void Translate_InvalidUtf8InAString_IsKeptWithReplacementCharacters()
    {
        var line = Encoding.UTF8.GetBytes("""{"type":"system","note":"ab"}""");
        line[^3] = 0xFF;
        var events = new List<PendingEvent>();

        var translated = StreamJsonTranslator.Translate(line, true, events);

        Assert.Equal(AgentLineKind.Message, translated.Kind);
        Assert.Equal("{\"type\":\"system\",\"note\":\"a\uFFFD\"}", Text(Assert.Single(events)));
        Assert.True(System.Text.Unicode.Utf8.IsValid(events[0].Data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Translate_MessageStart_GivesItsResponseId_WithOrWithoutPartialMessages(bool partial)
    {
        var (line, events) = Translate("""{"type":"stream_event","parent_tool_use_id":null,"event":{"type":"message_start","message":{"id":"msg_1","content":[]}}}""", partial);

        Assert.Equal("msg_1", line.ModelResponseId);
        Assert.Equal(partial ? AgentLineKind.Message : AgentLineKind.Skipped, line.Kind);
        Assert.Equal(partial ? [EventTypes.Message] : [], events.Select(e => e.Type));
    }

    [Fact]
    public void Translate_SubAgentMessageStart_GivesNoResponseId()
    {
        var (line, _) = Translate("""{"type":"stream_event","parent_tool_use_id":"tool_1","event":{"type":"message_start","message":{"id":"msg_2"}}}""", partial: false);

        Assert.Null(line.ModelResponseId);
    }

    [Theory]
    [InlineData("""{"type":"system","subtype":"hook","payload":{"deep":[1,{"x":null}]}}""")]
    [InlineData("""{"type":"rate_limit_event","info":{}}""")]
    [InlineData("""{"type":"stream_event","event":{"type":"content_block_stop","index":0}}""")]
    [InlineData("""{"no_type":true}""")]
    public void Translate_LineWithNothingToDerive_GivesOnlyTheRawMessage(string raw)
    {
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Null(line.HistoryMessage);
        Assert.Equal([EventTypes.Message], events.Select(e => e.Type));
        Assert.Equal(raw, Text(events[0]));
    }
}
