using Ash.Core.Agents;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>The real agent store, counting the reads of an agent row (<see cref="GetAsync"/>, <see cref="GetAtVersionAsync"/>).</summary>
public sealed class CountingAgentStore(IAgentStore inner) : IAgentStore
{
    private int _agentReads;

    public int AgentReads => Volatile.Read(ref _agentReads);

    public Task<Agent?> GetAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _agentReads);
        return inner.GetAsync(tenantId, name, cancellationToken);
    }

    public Task<Agent?> GetAtVersionAsync(string tenantId, string name, string? versionId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _agentReads);
        return inner.GetAtVersionAsync(tenantId, name, versionId, cancellationToken);
    }

    public Task<Agent> UpsertAsync(string tenantId, string name, string path, AgentConfig config, IReadOnlyDictionary<string, string>? sealedEnv, string? model, CancellationToken cancellationToken) =>
        inner.UpsertAsync(tenantId, name, path, config, sealedEnv, model, cancellationToken);

    public Task<int> SealPlaintextEnvAsync(Func<string, string> seal, CancellationToken cancellationToken) =>
        inner.SealPlaintextEnvAsync(seal, cancellationToken);

    public Task<Agent?> ReviseAsync(string tenantId, string name, int basedOn, string path, AgentConfig? config, IReadOnlyDictionary<string, string> sealedEnv, CancellationToken cancellationToken) =>
        inner.ReviseAsync(tenantId, name, basedOn, path, config, sealedEnv, cancellationToken);

    public Task<int> FillMissingConfigAsync(Func<string, AgentConfig?> readFolder, CancellationToken cancellationToken) =>
        inner.FillMissingConfigAsync(readFolder, cancellationToken);

    public Task<IReadOnlyList<Agent>> ListAsync(string tenantId, CancellationToken cancellationToken) => inner.ListAsync(tenantId, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken) => inner.DeleteAsync(tenantId, name, cancellationToken);

    public Task<IReadOnlyList<AgentVersion>> ListVersionsAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        inner.ListVersionsAsync(tenantId, name, cancellationToken);

    public Task<AgentVersion?> FindVersionAsync(string tenantId, string name, int number, Guid? id, CancellationToken cancellationToken) =>
        inner.FindVersionAsync(tenantId, name, number, id, cancellationToken);

    public Task<AgentVersion?> AddVersionAsync(string tenantId, string name, int source, bool cloneNotes, AgentVersionNotes notes, string? createdBy, CancellationToken cancellationToken) =>
        inner.AddVersionAsync(tenantId, name, source, cloneNotes, notes, createdBy, cancellationToken);

    public Task<AgentVersion?> EditVersionAsync(string tenantId, string name, int number, AgentVersionNotes notes, CancellationToken cancellationToken) =>
        inner.EditVersionAsync(tenantId, name, number, notes, cancellationToken);

    public Task<VersionRemoval> DeleteVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken) =>
        inner.DeleteVersionAsync(tenantId, name, number, cancellationToken);

    public Task<Agent?> ActivateVersionAsync(string tenantId, string name, int number, CancellationToken cancellationToken) =>
        inner.ActivateVersionAsync(tenantId, name, number, cancellationToken);

    public Task<IReadOnlyList<string>> ListContentPathsAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        inner.ListContentPathsAsync(tenantId, name, cancellationToken);
}
