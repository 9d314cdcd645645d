using System.Globalization;
using Ash.Core.Errors;
using Ash.Core.Sessions.Warm;

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// The changes of an agent's versions that reach its sessions (Ash's <c>/api/agents/:name/versions</c>). Activating a
/// version rolls the agent to it, back or forward, for new sessions: they run that version's content with the config
/// stored with it at its deploy, while every session keeps running the version it was created with.
/// </summary>
public sealed class AgentVersionChanges(IAgentStore store, AgentDeploy deploy, WarmPool warm)
{
    /// <summary>Makes the version named by <paramref name="reference"/> (a number or an id) the one new sessions run.</summary>
    public async Task<Result<Agent>> ActivateAsync(string tenantId, string name, string reference, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(tenantId, name, cancellationToken))
        {
            return AgentErrors.AgentNotFound();
        }

        var found = await FindAsync(tenantId, name, reference, cancellationToken);
        var agent = found is null ? null : await store.ActivateVersionAsync(tenantId, name, found.VersionNumber, cancellationToken);
        if (agent is null)
        {
            return AgentErrors.VersionNotFound();
        }

        await deploy.AfterChangeAsync(agent, cancellationToken);
        return agent;
    }

    /// <summary>Changes a version's notes (a version's content and settings never change); warm sandboxes of a changed active prompt are replaced.</summary>
    public async Task<Result<AgentVersion>> EditNotesAsync(string tenantId, string name, string reference, AgentVersionNotes notes, CancellationToken cancellationToken)
    {
        if (notes.Problem() is { } invalid)
        {
            return invalid;
        }

        if (!await ExistsAsync(tenantId, name, cancellationToken))
        {
            return AgentErrors.AgentNotFound();
        }

        var found = await FindAsync(tenantId, name, reference, cancellationToken);
        var updated = found is null ? null : await store.EditVersionAsync(tenantId, name, found.VersionNumber, notes, cancellationToken);
        if (updated is null)
        {
            return AgentErrors.VersionNotFound();
        }

        if (updated.IsActive && updated.SystemPrompt != found!.SystemPrompt)
        {
            // Warm sandboxes were started with the old prompt: new sessions must get the new one.
            warm.Forget(tenantId, name);
            if (await store.GetAsync(tenantId, name, cancellationToken) is { } agent && AgentVersionConfig.Of(agent) is { IsSuccess: true } config)
            {
                warm.Fill(agent, config.Value);
            }
        }

        return updated;
    }

    /// <summary>As Ash: a whole number in its plain form names a version by number; anything else is taken as a version id.</summary>
    public Task<AgentVersion?> FindAsync(string tenantId, string name, string reference, CancellationToken cancellationToken)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == reference)
        {
            return store.FindVersionAsync(tenantId, name, number, null, cancellationToken);
        }

        return Guid.TryParse(reference, out var id)
            ? store.FindVersionAsync(tenantId, name, 0, id, cancellationToken)
            : Task.FromResult<AgentVersion?>(null);
    }

    /// <summary>The agent exists (under a valid name) for this tenant.</summary>
    public async Task<bool> ExistsAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        AgentName.IsValid(name) && await store.GetAsync(tenantId, name, cancellationToken) is not null;
}
