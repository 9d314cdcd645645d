namespace Ash.Core.Agents;

/// <summary>A deployed agent: a folder with a CLAUDE.md, owned by one tenant.</summary>
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
    DateTimeOffset UpdatedAt);
