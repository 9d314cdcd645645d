using System.Text.Json.Serialization;

namespace Ash.Cli.Output;

// A failure with --json, on stderr: the API's error shape ({error, statusCode, code}) plus the exit code
// and what to do about it.
internal sealed record CliFailureJson(
    string Error,
    string Code,
    int ExitCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? StatusCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Hints);
