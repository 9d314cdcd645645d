namespace Ash.Core.Sandboxes.Logs;

/// <summary>
/// One line of a session's sandbox log: what the agent wrote to stderr, or what the platform did
/// to its sandbox (<see cref="SandboxLogLevels"/>). Indexes start at 0 and only grow, across every
/// process the session ever had.
/// </summary>
public sealed record SandboxLogEntry(long Index, string Level, string Text, DateTimeOffset Timestamp);
