using System.Text.Json.Nodes;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>Reading what the CLI printed as JSON.</summary>
public static class CliJson
{
    /// <summary>The one JSON document on the stream, which must hold nothing else.</summary>
    public static JsonNode Single(string stream)
    {
        var lines = stream.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line of JSON, got {lines.Length}:\n{stream}");
        return JsonNode.Parse(lines[0]) ?? throw new InvalidOperationException("null JSON");
    }

    /// <summary>A --json failure on stderr: its error, code and exit code, after checking nothing else is there.</summary>
    public static (string Error, string Code, int ExitCode, int? StatusCode) Failure(CliRun run)
    {
        Assert.True(run.Stdout.Length == 0, $"a failure prints nothing on stdout: {run}");
        var failure = Single(run.Stderr);
        return (
            failure["error"]!.GetValue<string>(),
            failure["code"]!.GetValue<string>(),
            failure["exitCode"]!.GetValue<int>(),
            failure["statusCode"]?.GetValue<int>());
    }
}
