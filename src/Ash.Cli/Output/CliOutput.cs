using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ash.Cli.Output;

// Where output goes. stdout carries the command's result: tables, ids, confirmations and the agent's
// answer for a person, or JSON with --json, so `ash sessions | grep active` and `ash --json … | jq` both
// work. stderr carries what is about the run rather than its result: progress, hints, warnings, errors.
// With --json stderr carries nothing but a failure, as one JSON object, so a script can parse it too.
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    // The same contracts, writing ' < > & and non-ASCII text as themselves: this JSON goes to a terminal or a
    // program, never into HTML, and "it\u0027s" would only make it harder to read.
    private static readonly CliJsonContext s_readable = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public TextWriter Out => stdout;

    public TextWriter Err => stderr;

    public bool IsJson => json;

    // A line of the result, for a person; nothing with --json, where stdout carries JSON alone.
    public void Line(string text = "")
    {
        if (!json)
        {
            stdout.WriteLine(text);
        }
    }

    public void Table(TextTable table)
    {
        if (!json)
        {
            table.WriteTo(stdout);
        }
    }

    // Progress, hints and next steps.
    public void Note(string text)
    {
        if (!json)
        {
            stderr.WriteLine(text);
        }
    }

    public void Warning(string message)
    {
        if (!json)
        {
            stderr.WriteLine($"warning: {message}");
        }
    }

    public void Fail(CliFailure failure)
    {
        if (json)
        {
            var document = new CliFailureJson(failure.Message, failure.Code ?? ExitCodes.Name(failure.ExitCode), failure.ExitCode, failure.StatusCode, failure.Hints is { Count: > 0 } hints ? hints : null);
            stderr.WriteLine(JsonSerializer.Serialize(document, s_readable.CliFailureJson));
            return;
        }

        stderr.WriteLine($"error: {failure.Message}");
        foreach (var hint in failure.Hints ?? [])
        {
            stderr.WriteLine(hint);
        }
    }

    // One document per line, so streams of them (chat --json) read as JSON Lines.
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) =>
        stdout.WriteLine(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)s_readable.GetTypeInfo(typeInfo.Type)!));
}
