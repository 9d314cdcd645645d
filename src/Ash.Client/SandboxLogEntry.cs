namespace Ash.Client;

/// <summary>One line of a session's sandbox log.</summary>
/// <param name="Index">Position in the session's log, from 0; pass the last one read as <c>after</c> to read on.</param>
/// <param name="Level"><c>stderr</c> (written by the agent process) or <c>system</c> (what the platform did: start, exit, limits, exec).</param>
/// <param name="Text">The line, without its newline.</param>
/// <param name="Ts">When it was written.</param>
public sealed record SandboxLogEntry(long Index, string Level, string Text, DateTimeOffset Ts);
