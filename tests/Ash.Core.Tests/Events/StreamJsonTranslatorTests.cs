using System.Text;
using System.Text.Json;
using Ash.Core.Events;

namespace Ash.Core.Tests.Events;

public sealed class StreamJsonTranslatorTests
{
    private static (AgentLine Line, List<PendingEvent> Events) Translate(string json, bool partial = true)
    {
        var events = new List<PendingEvent>();
        var line = StreamJsonTranslator.Translate(Encoding.UTF8.GetBytes(json), partial, events);
        return (line, events);
    }

    [Fact]
    public void Translate_TextDelta_GivesTextDeltaThenRawMessage()
    {
        var raw = """{"type":"stream_event","event":{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}}""";
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([EventTypes.TextDelta, EventTypes.Message], events.Select(e => e.Type));
        Assert.Equal("""{"delta":"Hi"}""", events[0].Data);
        Assert.Equal(raw, events[1].Data);
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
        Assert.Equal("""{"numTurns":2,"result":"All done"}""", events[1].Data);
        Assert.Contains("\"outputTokens\":7", events[0].Data);
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
        Assert.Null(StreamJsonTranslator.DerivedDeltaData("""{"type":"result"}"""));
        Assert.Null(StreamJsonTranslator.DerivedDeltaData("not json"));
    }

    [Theory]
    [InlineData("""{"type":"assistant","message":{"content":[1,2]}}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":7}]}}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":"thinking","thinking":5}]}}""")]
    [InlineData("""{"type":"user","message":{"content":["x"]}}""")]
    public void Translate_KnownTypeWithWrongKindsOfValues_IsAProtocolViolation_WithNothingLeftBehind(string raw)
    {
        var (line, events) = Translate(raw);

        Assert.Equal(AgentLineKind.Invalid, line.Kind);
        Assert.Empty(events);
    }

    [Fact]
    public void Translate_TextDeltaThatIsNotAString_GivesNoDelta()
    {
        var (line, events) = Translate("""{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":5}}}""");

        Assert.Equal(AgentLineKind.Message, line.Kind);
        Assert.Equal([EventTypes.Message], events.Select(e => e.Type));
    }
}
