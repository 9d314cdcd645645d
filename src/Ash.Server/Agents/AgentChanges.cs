using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Warm;

namespace Ash.Server.Agents;

/// <summary>
/// Changes to a deployed agent after its deploy (PATCH env or config, writing or deleting its files): each is made
/// on a copy of the active version's content and stored as a new version that becomes active, so the content a
/// running session uses is never touched. A change that leaves content and env as they are keeps the version.
/// </summary>
internal sealed class AgentChanges(IAgentStore store, AgentContentStore contents, WarmPool warm, ISecretProtector secrets)
{
    /// <summary>Tries when another change of the same agent got in between reading its active version and storing the new one.</summary>
    private const int Attempts = 5;

    /// <param name="edit">Changes a private copy of the content (null: the content stays), or refuses the change.</param>
    /// <param name="env">The new env in plaintext (null: the active version's).</param>
    public async Task<Result<Agent>> ApplyAsync(string tenantId, string name, Func<string, AshError?>? edit, IReadOnlyDictionary<string, string>? env, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var agent = await store.GetAsync(tenantId, name, cancellationToken);
            if (agent is null)
            {
                return AgentErrors.AgentNotFound();
            }

            var path = agent.Path;
            if (edit is not null)
            {
                var kept = contents.Revise(tenantId, name, agent.Path, edit);
                if (!kept.IsSuccess)
                {
                    return kept.Error;
                }

                path = kept.Value.Path;
            }

            var sealedEnv = env is null ? agent.Env : AgentEnvironment.Seal(env, agent.Env, secrets);
            var revised = await store.ReviseAsync(tenantId, name, agent.Version, path, sealedEnv, cancellationToken);
            if (revised is not null)
            {
                await AfterChangeAsync(revised, cancellationToken);
                return revised;
            }
        }

        return AshError.Unavailable("The agent kept changing under this request; try again", "agent_busy");
    }

    /// <summary>
    /// A deploy's env sealed for the store: values the active version already holds keep their sealed text, so a
    /// redeploy with the same env is no new version. Sealed here, before the store sees them: only the sessions side
    /// opens them again, as the agent's process starts.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SealDeployEnvAsync(
        string tenantId, string name, IReadOnlyDictionary<string, string> env, CancellationToken cancellationToken) =>
        AgentEnvironment.Seal(env, (await store.GetAsync(tenantId, name, cancellationToken))?.Env, secrets);

    /// <summary>After the active version changed (or may have): the warm pool serves it, and content no version names goes.</summary>
    public async Task AfterChangeAsync(Agent agent, CancellationToken cancellationToken)
    {
        var config = AgentConfigFile.Load(agent.Path);
        if (config.IsSuccess)
        {
            warm.Fill(agent, config.Value);
        }

        await PruneAsync(agent.TenantId, agent.Name, cancellationToken);
    }

    public async Task PruneAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        contents.Prune(tenantId, name, (await store.ListContentPathsAsync(tenantId, name, cancellationToken)).ToHashSet(StringComparer.Ordinal));
}
