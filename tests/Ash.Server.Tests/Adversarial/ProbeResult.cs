using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>What a probe script printed (stdout and stderr interleaved) and its exit code, read from the turn's assistant messages.</summary>
public sealed partial record ProbeResult(string Output, int ExitCode)
{
    public static ProbeResult From(IReadOnlyList<SseFrame> frames)
    {
        var text = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.Event != "message" || frame.Json.GetProperty("type").GetString() != "assistant")
            {
                continue;
            }

            foreach (var block in frame.Json.GetProperty("message").GetProperty("content").EnumerateArray())
            {
                if (block.GetProperty("type").GetString() == "text")
                {
                    text.Append(block.GetProperty("text").GetString());
                }
            }
        }

        var match = ExitLine().Match(text.ToString());
        if (!match.Success)
        {
            var error = frames.FirstOrDefault(f => f.Event == "error")?.Data ?? "(no error event)";
            Assert.Fail($"the probe gave no '[exit N]' answer; error: {error}; events: {string.Join(",", frames.Select(f => f.Event))}; text: {text}");
        }

        return new ProbeResult(match.Groups["output"].Value, int.Parse(match.Groups["code"].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(?<output>[\s\S]*?)\[exit (?<code>-?\d+)\]\z")]
    private static partial Regex ExitLine();
}
