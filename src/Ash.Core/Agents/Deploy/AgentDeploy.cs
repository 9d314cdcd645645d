using Ash.Core.Errors;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Warm;

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// Deploying an agent and changing it afterwards (issue 16). Every way in keeps the content as an immutable copy
/// (<see cref="IAgentContentStore"/>), parses its <c>ash.json</c> once, in that copy before it is kept, against what this
/// server allows (<see cref="IAgentConfigRules"/>), and stores the parsed config with the version it makes: what every
/// session of that version runs with, never read from disk again. A change after the deploy (PATCH env or config, writing
/// or deleting files) is made on a copy of the active version's content and stored as a new version that becomes active,
/// so content a running session uses is never touched; a change that leaves content and env as they are keeps the version.
/// </summary>
public sealed class AgentDeploy(IAgentStore store, IAgentContentStore contents, IAgentConfigRules rules, WarmPool warm, ISecretProtector secrets)
{
    public const int MaxModelLength = 100;

    /// <summary>Tries when another change of the same agent got in between reading its active version and storing the new one.</summary>
    private const int Attempts = 5;

    /// <summary>
    /// Deploys by path (a folder on this server, taken as it is now: deploy again to pick up later edits) or by upload.
    /// Content and settings as the active version has them already keep that version (a redeploy that changes nothing).
    /// </summary>
    public async Task<Result<Agent>> DeployAsync(string tenantId, AgentDeployment deployment, CancellationToken cancellationToken)
    {
        if (Invalid(deployment) is { } invalid)
        {
            return invalid;
        }

        var name = deployment.Name!;
        var kept = Keep(tenantId, name, deployment);
        if (!kept.IsSuccess)
        {
            return kept.Error;
        }

        // Sealed before the store sees them; values the active version holds keep their sealed text, so the same env is no new version.
        var sealedEnv = deployment.Env is null ? null : AgentEnvironment.Seal(deployment.Env, (await store.GetAsync(tenantId, name, cancellationToken))?.Env, secrets);
        var agent = await store.UpsertAsync(tenantId, name, kept.Value.Path, kept.Value.Config, sealedEnv, deployment.Model, cancellationToken);
        await AfterChangeAsync(agent, cancellationToken);
        return agent;
    }

    /// <param name="edit">Changes a private copy of the content (null: the content stays), or refuses the change.</param>
    /// <param name="env">The new env in plaintext (null: the active version's).</param>
    public async Task<Result<Agent>> ChangeAsync(string tenantId, string name, Func<string, AshError?>? edit, IReadOnlyDictionary<string, string>? env, CancellationToken cancellationToken)
    {
        if (!AgentName.IsValid(name))
        {
            return AgentErrors.AgentNotFound();
        }

        if (EnvProblem(env) is { } invalid)
        {
            return invalid;
        }

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var agent = await store.GetAsync(tenantId, name, cancellationToken);
            if (agent is null)
            {
                return AgentErrors.AgentNotFound();
            }

            var (path, config) = (agent.Path, agent.Config);
            if (edit is not null)
            {
                var kept = contents.Revise(tenantId, name, agent.Path, edit, ReadConfig);
                if (!kept.IsSuccess)
                {
                    return kept.Error;
                }

                (path, config) = (kept.Value.Path, kept.Value.Config);
            }

            var sealedEnv = env is null ? agent.Env : AgentEnvironment.Seal(env, agent.Env, secrets);
            var revised = await store.ReviseAsync(tenantId, name, agent.Version, path, config, sealedEnv, cancellationToken);
            if (revised is not null)
            {
                await AfterChangeAsync(revised, cancellationToken);
                return revised;
            }
        }

        return AshError.Unavailable("The agent kept changing under this request; try again", "agent_busy");
    }

    /// <summary>Deletes the agent and all its versions; its warm sandboxes go, and its content after its hour (<see cref="IAgentContentStore.Prune"/>).</summary>
    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        if (!AgentName.IsValid(name) || !await store.DeleteAsync(tenantId, name, cancellationToken))
        {
            return false;
        }

        warm.Forget(tenantId, name);
        await PruneAsync(tenantId, name, cancellationToken);
        return true;
    }

    /// <summary>After the active version changed (or may have): the warm pool serves it, with its stored config, and content no version names goes.</summary>
    internal async Task AfterChangeAsync(Agent agent, CancellationToken cancellationToken)
    {
        if (AgentVersionConfig.Of(agent) is { IsSuccess: true } config)
        {
            warm.Fill(agent, config.Value);
        }

        await PruneAsync(agent.TenantId, agent.Name, cancellationToken);
    }

    private async Task PruneAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        contents.Prune(tenantId, name, (await store.ListContentPathsAsync(tenantId, name, cancellationToken)).ToHashSet(StringComparer.Ordinal));

    /// <summary>The deploy's own checks, in the order a client has always been told about them.</summary>
    private static AshError? Invalid(AgentDeployment deployment)
    {
        if (!AgentName.IsValid(deployment.Name))
        {
            return AshError.Validation("Invalid agent name: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit", "invalid_agent_name");
        }

        if ((deployment.Path is null) == (deployment.Files is null))
        {
            return AshError.Validation("Give exactly one of 'path' (a folder on the server) or 'files' (an upload)");
        }

        if (deployment.Model is { Length: > MaxModelLength })
        {
            return AshError.Validation($"'model' is at most {MaxModelLength} characters");
        }

        return EnvProblem(deployment.Env);
    }

    /// <summary>JSON null values reach here despite the type.</summary>
    private static AshError? EnvProblem(IReadOnlyDictionary<string, string>? env) =>
        env is not null && env.Any(pair => pair.Value is null) ? AshError.Validation("'env' values must be strings") : null;

    private Result<DeployedContent> Keep(string tenantId, string name, AgentDeployment deployment)
    {
        if (deployment.Path is { } path)
        {
            return AgentFolder.Validate(path) is { } invalid
                ? invalid
                : contents.FromFolder(tenantId, name, Path.GetFullPath(path), ReadConfig);
        }

        var files = AgentUpload.Decode(deployment.Files!);
        return files.IsSuccess ? contents.FromUpload(tenantId, name, files.Value, ReadConfig) : files.Error;
    }

    /// <summary>The one parse of a deploy's <c>ash.json</c>: in the staged copy, before it is kept, checked against what this server allows.</summary>
    private Result<AgentConfig> ReadConfig(string folder)
    {
        var config = AgentConfigFile.Load(folder);
        if (!config.IsSuccess)
        {
            return config;
        }

        return rules.Check(config.Value) is { } refused ? refused : config;
    }
}
