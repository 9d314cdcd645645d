namespace Ash.Client;

/// <summary>One version of an agent: its content and settings, and Ash's notes. Sessions run the version they were created with.</summary>
/// <param name="Id">Version id (a UUID); routes accept it in place of the number.</param>
/// <param name="TenantId">Tenant that owns the agent.</param>
/// <param name="AgentName">The agent's name.</param>
/// <param name="VersionNumber">1, 2, … per agent; never reused.</param>
/// <param name="Name">Display name (<c>v&lt;N&gt;</c> unless set).</param>
/// <param name="SystemPrompt">Default system prompt for sessions created on this version without one.</param>
/// <param name="ReleaseNotes">Free text.</param>
/// <param name="IsActive">New sessions use the active version.</param>
/// <param name="KnowledgeFiles">Stored names (Ash's field).</param>
/// <param name="CreatedBy">Who created it, when known.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its notes last changed.</param>
/// <param name="ContentId">SHA-256 of the files it runs.</param>
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
    string? ContentId = null);
