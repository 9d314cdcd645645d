using System.Text;
using System.Text.Json;
using Ash.Core.Events;
using Ash.Core.Timeline;

namespace Ash.Core.Tests.Timeline;

public sealed class TimelineTranslatorTests
{
    private static readonly Guid Session = Guid.NewGuid();

    [Fact]
    public void Translate_AssistantBlocks_GiveTextToolStartAndReasoningInBlockOrder()
    {
        var entries = Translate(EventTypes.Message,
            """{"type":"assistant","message":{"id":"m1","content":[{"type":"thinking","thinking":"ponder"},{"type":"text","text":"a"},{"type":"tool_use","id":"t1","name":"Bash","input":{"command":"ls"}},{"type":"text","text":"b"}]}}""");

        Assert.Equal([TimelineTypes.Reasoning, TimelineTypes.Text, TimelineTypes.ToolStart], entries.Select(e => e.Type));
        Assert.Equal("ponder", Data(entries[0]).GetProperty("thinking").GetString());
        Assert.Equal("a\nb", Data(entries[1]).GetProperty("text").GetString());
        var toolStart = Data(entries[2]);
        Assert.Equal("Bash", toolStart.GetProperty("toolName").GetString());
        Assert.Equal("t1", toolStart.GetProperty("toolId").GetString());
        Assert.Equal("ls", toolStart.GetProperty("input").GetProperty("command").GetString());
    }

    [Fact]
    public void Translate_ToolResultWithStructuredResult_TakesItsStdoutAndStderr()
    {
        var entries = Translate(EventTypes.Message,
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"out"}]},"tool_use_result":{"stdout":"out","stderr":"warn"}}""");

        var result = Data(Assert.Single(entries));
        Assert.Equal("t1", result.GetProperty("toolId").GetString());
        Assert.Equal("out", result.GetProperty("stdout").GetString());
        Assert.Equal("warn", result.GetProperty("stderr").GetString());
    }

    [Fact]
    public void Translate_ToolResultsWithoutStructuredResult_TakeTheirText()
    {
        var entries = Translate(EventTypes.Message,
            """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":[{"type":"text","text":"one"}]},{"type":"tool_result","tool_use_id":"t2","content":"two"}]}}""");

        Assert.Equal(["one", "two"], entries.Select(e => Data(e).GetProperty("stdout").GetString()));
        Assert.Equal(["t1", "t2"], entries.Select(e => Data(e).GetProperty("toolId").GetString()));
    }

    [Fact]
    public void Translate_Result_GivesTurnComplete()
    {
        var entry = Assert.Single(Translate(EventTypes.Message, """{"type":"result","subtype":"success","num_turns":3,"result":"done it"}"""));

        Assert.Equal(TimelineTypes.TurnComplete, entry.Type);
        Assert.Equal(3, Data(entry).GetProperty("numTurns").GetInt32());
        Assert.Equal("done it", Data(entry).GetProperty("result").GetString());
    }

    [Theory]
    [InlineData(EventTypes.Error, """{"error":"boom","code":"turn_timeout"}""")]
    [InlineData(EventTypes.Lifecycle, """{"action":"paused"}""")]
    public void Translate_ErrorAndLifecycle_AreTakenAsTheyAre(string type, string data)
    {
        var entry = Assert.Single(Translate(type, data));

        Assert.Equal((type, data), entry);
    }

    [Theory]
    [InlineData(EventTypes.Message, """{"type":"stream_event","event":{"type":"message_start"}}""")]
    [InlineData(EventTypes.Message, """{"type":"system","subtype":"init"}""")]
    [InlineData(EventTypes.Message, """{"type":"assistant","message":{"content":"not blocks"}}""")]
    [InlineData(EventTypes.Message, "not json")]
    [InlineData(EventTypes.Status, """{"status":"active"}""")]
    [InlineData(EventTypes.TurnComplete, """{"numTurns":1,"result":"x"}""")]
    public void Translate_AnythingElse_GivesNothing(string type, string data)
    {
        Assert.Empty(Translate(type, data));
    }

    /// <summary>
    /// A message's entries take the slots right up to its own, which the stream translator filled with the events
    /// derived from it: never more entries than slots, so no two entries share a sequence.
    /// </summary>
    [Theory]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":"text","text":"a"},{"type":"text","text":"b"},{"type":"text","text":"c"}]}}""")]
    [InlineData("""{"type":"assistant","message":{"content":[{"type":"text","text":"a"},{"type":"tool_use","id":"1","name":"X","input":{}},{"type":"text","text":"b"},{"type":"thinking","thinking":"t"}]}}""")]
    [InlineData("""{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"1","content":"a"},{"type":"tool_result","tool_use_id":"2","content":"b"}]}}""")]
    [InlineData("""{"type":"result","subtype":"success","num_turns":1,"result":"r","usage":{"input_tokens":1,"output_tokens":1}}""")]
    public void Translate_Message_NeverYieldsMoreEntriesThanItsLogSlots(string line)
    {
        var derived = new List<PendingEvent>();
        StreamJsonTranslator.Translate(Encoding.UTF8.GetBytes(line), includePartialMessages: true, derived);

        var entries = Translate(EventTypes.Message, line);

        Assert.InRange(entries.Count, 1, derived.Count);
    }

    [Fact]
    public void TimelineIds_SameSessionAndSequence_SameUuid()
    {
        var id = TimelineIds.For(Session, 42);

        Assert.Equal(id, TimelineIds.For(Session, 42));
        Assert.NotEqual(id, TimelineIds.For(Session, 43));
        Assert.NotEqual(id, TimelineIds.For(Guid.NewGuid(), 42));
        Assert.Equal('5', id.ToString()[14]);
    }

    private static List<(string Type, string Data)> Translate(string type, string data)
    {
        var entries = new List<(string Type, string Data)>();
        var count = TimelineTranslator.Translate(new SessionEvent(Session, "tenant", 10, 1, type, Encoding.UTF8.GetBytes(data), DateTimeOffset.UnixEpoch), entries);
        Assert.Equal(entries.Count, count);
        return entries;
    }

    private static JsonElement Data((string Type, string Data) entry) => JsonDocument.Parse(entry.Data).RootElement;
}
