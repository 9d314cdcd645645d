using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ash.Cli.Output;

// Where output goes. stdout carries only what a program may consume: JSON with --json, and the
// agent's own text in chat. Everything meant for a person (tables, summaries, progress,
// hints, warnings, errors) goes to stderr, so stdout stays clean to pipe.
internal sealed class CliOutput(TextWriter stdout, TextWriter stderr, bool json)
{
    public TextWriter Out => stdout;

    public TextWriter Err => stderr;

    public bool IsJson => json;

    public void WriteLine(string text = "") => stderr.WriteLine(text);

    public void Warning(string message) => stderr.WriteLine($"warning: {message}");

    public void Error(string message) => stderr.WriteLine($"error: {message}");

    // One document per line, so streams of them (chat --json) read as JSON Lines.
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo) => stdout.WriteLine(JsonSerializer.Serialize(value, typeInfo));
}
