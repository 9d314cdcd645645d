using Ash.Core.Errors;

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// Where deployed content is kept: an immutable folder per content under the agents directory (<see cref="AgentContent"/>).
/// Each way in fills a private staging folder, has <c>readConfig</c> parse its <c>ash.json</c> there (a refusal keeps
/// nothing), and only then keeps it, so the config returned is the kept content's.
/// </summary>
public interface IAgentContentStore
{
    /// <summary>A copy of a folder on this server (already checked by <see cref="AgentFolder.Validate"/>).</summary>
    Result<DeployedContent> FromFolder(string tenantId, string name, string source, Func<string, Result<AgentConfig>> readConfig);

    /// <summary>Uploaded files (checked and decoded by <see cref="AgentUpload.Decode"/>).</summary>
    Result<DeployedContent> FromUpload(string tenantId, string name, IReadOnlyList<(string Path, byte[] Bytes)> files, Func<string, Result<AgentConfig>> readConfig);

    /// <summary>
    /// New content made from <paramref name="basis"/> (content this store kept) changed by <paramref name="edit"/>, which works on
    /// a private copy and may refuse the change. The basis is never touched: sessions may be running it.
    /// </summary>
    Result<DeployedContent> Revise(string tenantId, string name, string basis, Func<string, AshError?> edit, Func<string, Result<AgentConfig>> readConfig);

    /// <summary>Marks the agent's content folders not in <paramref name="kept"/> as replaced, and removes those marked long enough ago.</summary>
    void Prune(string tenantId, string name, IReadOnlyCollection<string> kept);
}
