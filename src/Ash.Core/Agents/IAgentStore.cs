namespace Ash.Core.Agents;

public interface IAgentStore
{
    /// <summary>Creates the agent, or bumps its version and replaces path/env when it exists.</summary>
    Task<Agent> UpsertAsync(string tenantId, string name, string path, IReadOnlyDictionary<string, string>? env, string? model, CancellationToken cancellationToken);

    Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken);
}
