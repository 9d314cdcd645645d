namespace Ash.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI printed on each stream and how it exited.</summary>
/// <param name="Bytes">What it wrote to stdout as raw bytes (a downloaded file), past the text writer.</param>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr, byte[] Bytes)
{
    /// <summary>stdout's non-empty lines.</summary>
    public IReadOnlyList<string> StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>stderr's non-empty lines.</summary>
    public IReadOnlyList<string> StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}
