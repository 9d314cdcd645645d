namespace Ash.Core.Agents;

/// <summary>A deployed agent: a folder with a CLAUDE.md, owned by one tenant.</summary>
public sealed record Agent(
    string Id,
    string Name,
    string TenantId,
    int Version,
    string Path,
    IReadOnlyDictionary<string, string> Env,
    string? Model,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
