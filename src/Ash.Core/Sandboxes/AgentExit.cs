namespace Ash.Core.Sandboxes;

/// <summary>How an agent process ended: exit code (or signal) and the tail of what it wrote to stderr.</summary>
public sealed record AgentExit(int ExitCode, string StderrTail);
