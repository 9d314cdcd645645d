namespace Ash.Core.Sandboxes;

/// <summary>A shell command to run in a session's sandbox, beside its agent and under the same limits.</summary>
public sealed record ExecRequest(string Command, TimeSpan Timeout, int MaxOutputBytes)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);
    public const int MaxCommandLength = 100_000;
}

/// <summary>
/// How the command ended. Output beyond the cap is read and dropped (<see cref="Truncated"/>); a
/// command still running at its timeout is killed with everything it started (exit code 124).
/// </summary>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated)
{
    public const int TimedOutExitCode = 124;
}
