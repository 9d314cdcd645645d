namespace Ash.Client;

/// <summary>Lines of a session's sandbox log, oldest first.</summary>
/// <param name="Logs">The lines after the index asked for.</param>
/// <param name="Source">Where they come from (<c>sandbox</c>).</param>
public sealed record SandboxLogPage(IReadOnlyList<SandboxLogEntry> Logs, string Source);
