namespace Ash.Client;

/// <summary>How a command run in a session's sandbox ended.</summary>
/// <param name="ExitCode">The shell's exit code (124 when it timed out).</param>
/// <param name="Stdout">Its standard output, as text.</param>
/// <param name="Stderr">Its standard error, as text.</param>
/// <param name="TimedOut">True when it ran past its timeout and was killed.</param>
/// <param name="Truncated">True when either stream was longer than the server keeps (1 MiB each by default).</param>
public sealed record ExecResult(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
