namespace Ash.Core.Agents;

public interface IAgentStore
{
    /// <summary>Creates the agent, or bumps its version and replaces path/env when it exists. <paramref name="sealedEnv"/>'s values are already sealed.</summary>
    Task<Agent> UpsertAsync(string tenantId, string name, string path, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken);

    /// <summary>
    /// Seals the env values of agents stored before env was sealed (plaintext rows of older versions), in place;
    /// returns how many agents it changed. Run once at start-up, before anything reads agents.
    /// </summary>
    Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken);

    Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);
}
