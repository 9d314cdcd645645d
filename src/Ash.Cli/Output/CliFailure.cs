namespace Ash.Cli.Output;

// How a command failed, as printed: "error: <message>" and its hints for a person, or one JSON object
// (CliFailureJson) with --json. Code is the server's stable error code when it sent one, else the exit
// code's name (ExitCodes.Name).
internal sealed record CliFailure(int ExitCode, string Message, string? Code = null, int? StatusCode = null, IReadOnlyList<string>? Hints = null);
