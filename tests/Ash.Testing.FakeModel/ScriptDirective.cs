using System.Globalization;

namespace Ash.Testing.FakeModel;

/// <summary>What a test asked the fake model to do, read from the last user message.</summary>
internal abstract record ScriptDirective
{
    public static ScriptDirective For(MessagesRequest request)
    {
        // The CLI sends a tool's output back as a tool_result in a new user message; any text beside it
        // is a reminder the CLI added, so the earlier directive has already been served.
        if (request.LastToolResult is { } toolOutput)
        {
            return new ToolResultDirective(toolOutput);
        }

        foreach (var text in request.LastUserTexts)
        {
            if (Find(text) is { } directive)
            {
                return directive;
            }
        }

        return new EchoDirective(string.Join('\n', request.LastUserTexts).Trim());
    }

    /// <summary>The first well-formed <c>[[name:argument]]</c> in the text; the argument ends at the first <c>]]</c>.</summary>
    internal static ScriptDirective? Find(string text)
    {
        for (var open = text.IndexOf("[[", StringComparison.Ordinal); open >= 0; open = text.IndexOf("[[", open + 1, StringComparison.Ordinal))
        {
            var close = text.IndexOf("]]", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                return null;
            }

            if (Parse(text.AsSpan(open + 2, close - open - 2)) is { } directive)
            {
                return directive;
            }
        }

        return null;
    }

    private static ScriptDirective? Parse(ReadOnlySpan<char> body)
    {
        var colon = body.IndexOf(':');
        var name = colon < 0 ? body : body[..colon];
        var argument = colon < 0 ? [] : body[(colon + 1)..];
        return name switch
        {
            "bash" when !argument.IsWhiteSpace() => new BashDirective(argument.ToString()),
            "slow" => SlowDirective.FromArgument(argument),
            "error" when TryParseNumber(argument, out var status) && status is >= 400 and <= 599 => new ErrorDirective(status),
            "overloaded" when TryParseNumber(argument, out var times) && times is >= 1 and <= 10 => new OverloadedDirective(times),
            "recall" when colon < 0 => new RecallDirective(),
            "thinking" when colon < 0 => new ThinkingDirective(),
            "agents" when TryParseNumber(argument, out var agents) && agents is >= 1 and <= 16 => new AgentsDirective(agents),
            _ => null,
        };
    }

    internal static bool TryParseNumber(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}

/// <summary>No directive: echo the user's text back.</summary>
internal sealed record EchoDirective(string UserText) : ScriptDirective;

/// <summary>The last user message carries a tool's output: report it back.</summary>
internal sealed record ToolResultDirective(string Output) : ScriptDirective;

/// <summary><c>[[bash:command]]</c>: ask the client to run a Bash command.</summary>
internal sealed record BashDirective(string Command) : ScriptDirective;

/// <summary><c>[[slow:delayMs:count]]</c>: stream <c>count</c> ticks, <c>delayMs</c> apart.</summary>
internal sealed record SlowDirective(TimeSpan Delay, int Count) : ScriptDirective
{
    public static SlowDirective? FromArgument(ReadOnlySpan<char> argument)
    {
        var colon = argument.IndexOf(':');
        return colon > 0
            && TryParseNumber(argument[..colon], out var delayMs)
            && TryParseNumber(argument[(colon + 1)..], out var count)
            && count > 0
                ? new SlowDirective(TimeSpan.FromMilliseconds(delayMs), count)
                : null;
    }
}

/// <summary><c>[[error:status]]</c>: fail with that HTTP status and an Anthropic error body.</summary>
internal sealed record ErrorDirective(int Status) : ScriptDirective;

/// <summary>
/// <c>[[overloaded:N]]</c>: answer the first N requests with this last user text 529 overloaded, which the client may
/// retry (as it retries the real API's), then echo it. A client's retry notices can be watched without minutes of backoff.
/// </summary>
internal sealed record OverloadedDirective(int Times) : ScriptDirective;

/// <summary><c>[[recall]]</c>: list every user text in the request, proving what the client remembered.</summary>
internal sealed record RecallDirective : ScriptDirective;

/// <summary><c>[[thinking]]</c>: answer with a thinking block, then text.</summary>
internal sealed record ThinkingDirective : ScriptDirective;

/// <summary>
/// <c>[[agents:N]]</c>: launch N sub-agents at once (N Agent tool calls in one reply), each told to stream
/// slowly, so their model calls overlap: measures how many requests the client really makes in parallel.
/// </summary>
internal sealed record AgentsDirective(int Count) : ScriptDirective;
