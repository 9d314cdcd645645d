namespace Ash.Core.Agents;

/// <summary>
/// One version of an agent (Ash's AgentVersion, extended): besides Ash's notes (name, system prompt, release
/// notes, knowledge files) it holds what a session runs: the agent's content (<see cref="Path"/>, named by its
/// content id, whose <c>ash.json</c> is the agent's config, parsed once at deploy and kept in <see cref="Config"/>), its
/// env and default model. A version's content and settings never change; a change makes a new version.
/// </summary>
public sealed record AgentVersion(
    string Id,
    string TenantId,
    string AgentName,
    int VersionNumber,
    string Name,
    string? SystemPrompt,
    string? ReleaseNotes,
    bool IsActive,
    IReadOnlyList<string>? KnowledgeFiles,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Path,
    IReadOnlyDictionary<string, string> Env,
    string? Model)
{
    /// <summary>The content's <c>ash.json</c> as its deploy parsed it; null for a version stored before configs were (issue 16).</summary>
    public AgentConfig? Config { get; init; }
}
