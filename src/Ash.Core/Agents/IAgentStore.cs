namespace Ash.Core.Agents;

/// <summary>
/// Agents and their versions. An agent row points at its active version; every read of an agent is that
/// version's content and settings. Versions are numbered 1, 2, … per agent and never renumbered.
/// </summary>
public interface IAgentStore
{
    /// <summary>
    /// A deploy: creates the agent at version 1, or, when <paramref name="path"/>, <paramref name="sealedEnv"/> (null keeps
    /// the active version's) or <paramref name="model"/> (null keeps it) differ from the active version's, adds a version
    /// with them and activates it. A deploy that changes nothing returns the agent as it is (same version). Env values
    /// arrive sealed (<see cref="AgentEnvironment.Seal"/>) and are compared as stored. <paramref name="config"/> is the
    /// <c>ash.json</c> of the content at <paramref name="path"/> as the deploy parsed it, stored with the version it makes.
    /// </summary>
    Task<Agent> UpsertAsync(string tenantId, string name, string path, AgentConfig config, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken);

    /// <summary>
    /// Seals the env values stored before env was sealed (plaintext rows of agents and their versions), in place;
    /// returns how many rows it changed. Run once at start-up, before anything reads agents.
    /// </summary>
    Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken);

    /// <summary>
    /// A change of the active version's content (with its parsed <paramref name="config"/>, null only for content kept before
    /// configs were, changed in its env alone) or env (PATCH, agent files): adds a version with them, the rest copied from
    /// version <paramref name="basedOn"/>, and activates it; unchanged settings return the agent as it is. Null when the
    /// agent is gone or its active version is no longer <paramref name="basedOn"/> (a concurrent change: read and try again).
    /// </summary>
    Task<Agent?> ReviseAsync(string tenantId, string name, int basedOn, string path, AgentConfig? config, IReadOnlyDictionary<string, string> sealedEnv, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the config of each version stored before configs were (issue 16), as <paramref name="readFolder"/> finds it in
    /// the version's content (null: not now, the version keeps none); returns how many versions it changed. Run once at
    /// start-up, so such a version's <c>ash.json</c> is parsed once rather than at every process start.
    /// </summary>
    Task<int> FillMissingConfigAsync(Func<string, AgentConfig?> readFolder, CancellationToken cancellationToken);

    Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>
    /// The agent as the version with id <paramref name="versionId"/> has it (null: the active version), deleted versions
    /// included: what a session created on that version runs. By id, not number: an agent deleted and deployed again
    /// numbers its versions from 1 again, and a session of the old agent must not run the new one. Null when the agent
    /// or the version does not exist.
    /// </summary>
    Task<Agent?> GetAtVersionAsync(string tenantId, string name, string? versionId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Deletes the agent and all its versions.</summary>
    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>The agent's versions, newest first (deleted ones left out); empty when the agent does not exist.</summary>
    Task<IReadOnlyList<AgentVersion>> ListVersionsAsync(string tenantId, string name, CancellationToken cancellationToken);

    /// <summary>A version by number, or by id when <paramref name="id"/> is given; deleted versions are not found.</summary>
    Task<AgentVersion?> FindVersionAsync(string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an inactive version whose content and settings are version <paramref name="source"/>'s (0: the active one's),
    /// with <paramref name="notes"/> (Ash's <c>cloneFrom</c>: a prompt or knowledge files not given are the source's when
    /// <paramref name="cloneNotes"/>). Null when the agent or the source version does not exist.
    /// </summary>
    Task<AgentVersion?> AddVersionAsync(string tenantId, string name, int source, bool cloneNotes, AgentVersionNotes notes, string? createdBy, CancellationToken cancellationToken);

    /// <summary>Changes a version's notes; null when it does not exist.</summary>
    Task<AgentVersion?> EditVersionAsync(string tenantId, string name, int number, AgentVersionNotes notes, CancellationToken cancellationToken);

    /// <summary>
    /// Hides a version from the API. Its row stays while the agent exists, so sessions created on it still resume
    /// and fork with it; the active version is never deleted.
    /// </summary>
    Task<VersionRemoval> DeleteVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken);

    /// <summary>Makes the version active (new sessions use it); null when it does not exist.</summary>
    Task<Agent?> ActivateVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken);

    /// <summary>The content paths of all the agent's versions, deleted ones included: content that must be kept.</summary>
    Task<IReadOnlyList<string>> ListContentPathsAsync(string tenantId, string name, CancellationToken cancellationToken);
}
