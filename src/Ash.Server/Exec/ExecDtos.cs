namespace Ash.Server.Exec;

/// <summary><c>POST /api/sessions/:id/exec</c>: a shell command and an optional timeout in milliseconds (1–300,000; default 30,000).</summary>
public sealed record ExecCommandRequest(string? Command, int? Timeout);

/// <summary>Ash's <c>{exitCode, stdout, stderr}</c>, plus whether the command timed out or its output was cut (ext).</summary>
public sealed record ExecCommandResponse(int ExitCode, string Stdout, string Stderr, bool TimedOut, bool Truncated);
