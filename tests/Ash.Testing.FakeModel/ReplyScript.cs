using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Ash.Testing.FakeModel;

/// <summary>Turns a directive into the reply the fake model sends.</summary>
internal static class ReplyScript
{
    private const int ToolOutputLimit = 4000;
    private const string BashToolName = "Bash";
    private const string AgentToolName = "Agent";

    /// <summary>What each sub-agent of <c>[[agents:N]]</c> is told: a reply slow enough for all of them to overlap.</summary>
    private const string SubAgentPrompt = "[[slow:300:6]]";

    public static ScriptedReply Compose(ScriptDirective directive, MessagesRequest request) => directive switch
    {
        ToolResultDirective toolResult => Text("Tool said: " + Truncate(toolResult.Output, ToolOutputLimit)),
        BashDirective bash => Bash(bash.Command),
        SlowDirective slow => Ticks(slow),
        RecallDirective => Text("History: " + string.Join(" | ", request.UserTexts)),
        ThinkingDirective => Thinking(),
        AgentsDirective agents => Agents(agents.Count),
        EchoDirective echo => Text("Hello! You said: " + echo.UserText),
        _ => throw new ArgumentOutOfRangeException(nameof(directive), directive, "This directive is answered with an error, not a reply."),
    };

    private static ScriptedReply Text(string text) =>
        new([new TextReplyBlock(TextChunks.Split(text, 3), TimeSpan.Zero)], "end_turn");

    private static ScriptedReply Bash(string command)
    {
        var input = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(input, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("command", command);
            writer.WriteString("description", "run command");
            writer.WriteEndObject();
        }

        var inputJson = System.Text.Encoding.UTF8.GetString(input.WrittenSpan);
        var toolUse = new ToolUseReplyBlock(AnthropicIds.ToolUse(), BashToolName, TextChunks.Split(inputJson, 3));
        return new ScriptedReply([toolUse], "tool_use");
    }

    private static ScriptedReply Agents(int count)
    {
        var calls = new ReplyBlock[count];
        for (var i = 0; i < count; i++)
        {
            var inputJson = ToolInput(("description", $"sub-agent {i}"), ("prompt", SubAgentPrompt));
            calls[i] = new ToolUseReplyBlock(AnthropicIds.ToolUse(), AgentToolName, TextChunks.Split(inputJson, 3));
        }

        return new ScriptedReply(calls, "tool_use");
    }

    private static string ToolInput(params (string Name, string Value)[] properties)
    {
        var input = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(input, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(input.WrittenSpan);
    }

    private static ScriptedReply Ticks(SlowDirective slow)
    {
        var ticks = new string[slow.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = $"tick{i} ";
        }

        return new ScriptedReply([new TextReplyBlock(ticks, slow.Delay)], "end_turn");
    }

    private static ScriptedReply Thinking() => new(
        [
            new ThinkingReplyBlock("Let me think.", AnthropicIds.Signature()),
            new TextReplyBlock(TextChunks.Split("Thought done.", 3), TimeSpan.Zero),
        ],
        "end_turn");

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text[..limit];
}
