namespace Ash.Core.Agents;

/// <summary>
/// A deployed agent: a folder with a CLAUDE.md, owned by one tenant, as one of its versions has it (the active
/// one unless read for a session pinned to another): <see cref="Version"/>, <see cref="Path"/> (the content),
/// <see cref="Env"/> and <see cref="Model"/> are that version's.
/// </summary>
/// <param name="Env">
/// The agent's environment, each value sealed by the server's <see cref="Secrets.ISecretProtector"/> (issue 13):
/// stored and passed around sealed, opened only by the sandbox host as it starts the agent's process.
/// </param>
public sealed record Agent(
    string Id,
    string Name,
    string TenantId,
    int Version,
    string Path,
    IReadOnlyDictionary<string, string> Env,
    string? Model,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The version's system prompt: what a session created without one runs with (Ash's prompt versioning).</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The id of the version read (<see cref="AgentVersion.Id"/>): what a session is pinned to.</summary>
    public string? VersionId { get; init; }

    /// <summary>
    /// The version's <c>ash.json</c> as its deploy parsed it, stored with the version (issue 16); null for a version stored
    /// before configs were, whose folder is read instead (<see cref="AgentVersionConfig"/>).
    /// </summary>
    public AgentConfig? Config { get; init; }
}
