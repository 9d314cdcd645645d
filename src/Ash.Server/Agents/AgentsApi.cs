using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Warm;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Agents;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents").WithTags("Agents");
        agents.MapPost("/", DeployAsync).WithName("deployAgent").WithSummary("Deploy an agent from a server folder or an upload").ProducesErrors(400);
        agents.MapGet("/", ListAsync).WithName("listAgents").WithSummary("List agents");
        agents.MapGet("/{name}", GetAsync).WithName("getAgent").WithSummary("Get an agent");
        agents.MapDelete("/{name}", DeleteAsync).WithName("deleteAgent").WithSummary("Delete an agent and all its versions");
        agents.MapPatch("/{name}", PatchAsync).WithName("updateAgent").WithSummary("Change an agent's env or config (a new active version)").ProducesErrors(400);
        agents.MapGet("/{name}/config", GetConfigAsync).WithName("getAgentConfig").WithSummary("Get an agent's config (its ash.json)");
        agents.MapPatch("/{name}/config", PatchConfigAsync).WithName("updateAgentConfig").WithSummary("Merge into an agent's config (a new active version)").ProducesErrors(400);
        agents.MapAgentFilesApi();
        agents.MapAgentVersionsApi();
        return api;
    }

    /// <summary>
    /// Deploys by path (a folder on this server) or by upload. Either way the content is kept as an immutable
    /// copy under the agents directory (<see cref="AgentContentStore"/>) and the agent's row points there, so
    /// every sandbox host finds the same files by tenant, name and content id. A deploy by path takes the
    /// folder as it is now: deploy again to pick up later edits.
    /// </summary>
    private static async Task<Results<Created<AgentResponse>, ErrorResult>> DeployAsync(DeployAgentRequest? request, HttpContext context, IAgentStore store, AgentContentStore contents, AgentChanges changes, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required");
        }

        if (!AgentName.IsValid(request.Name))
        {
            return ApiErrors.Validation("Invalid agent name: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit", "invalid_agent_name");
        }

        if ((request.Path is null) == (request.Files is null))
        {
            return ApiErrors.Validation("Give exactly one of 'path' (a folder on the server) or 'files' (an upload)");
        }

        if (request.Model is { Length: > 100 })
        {
            return ApiErrors.Validation("'model' is at most 100 characters");
        }

        if (request.Env is { } env && env.Any(pair => pair.Value is null))
        {
            return ApiErrors.Validation("'env' values must be strings");
        }

        var tenant = Tenant.Of(context);
        Ash.Core.Errors.Result<DeployedContent> kept;
        if (request.Path is not null)
        {
            if (AgentFolder.Validate(request.Path) is { } invalid)
            {
                return ApiErrors.From(invalid);
            }

            kept = contents.FromFolder(tenant, request.Name!, Path.GetFullPath(request.Path));
        }
        else
        {
            var files = UploadedAgentFolder.Decode(request.Files!);
            if (!files.IsSuccess)
            {
                return ApiErrors.From(files.Error);
            }

            kept = contents.FromUpload(tenant, request.Name!, files.Value);
        }

        if (!kept.IsSuccess)
        {
            return ApiErrors.From(kept.Error);
        }

        // Content and settings as the active version has them already: the same version (a redeploy that changes nothing).
        var sealedEnv = request.Env is null ? null : await changes.SealDeployEnvAsync(tenant, request.Name!, request.Env, cancellationToken);
        var agent = await store.UpsertAsync(tenant, request.Name!, kept.Value.Path, sealedEnv, request.Model, cancellationToken);
        await changes.AfterChangeAsync(agent, cancellationToken);
        return TypedResults.Created(default(string), new AgentResponse(AgentDto.From(agent)));
    }

    private static async Task<Ok<AgentListResponse>> ListAsync(HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agents = await store.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Ok(new AgentListResponse(agents.Select(AgentDto.From).ToList()));
    }

    private static async Task<Results<Ok<AgentResponse>, ErrorResult>> GetAsync(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agent = AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;
        return agent is null
            ? ApiErrors.NotFound("Agent not found", "agent_not_found")
            : TypedResults.Ok(new AgentResponse(AgentDto.From(agent)));
    }

    private static async Task<Results<Ok<DeletedResponse>, ErrorResult>> DeleteAsync(string name, HttpContext context, IAgentStore store, AgentChanges changes, WarmPool warm, CancellationToken cancellationToken)
    {
        var deleted = AgentName.IsValid(name) && await store.DeleteAsync(Tenant.Of(context), name, cancellationToken);
        if (deleted)
        {
            warm.Forget(Tenant.Of(context), name);
            await changes.PruneAsync(Tenant.Of(context), name, cancellationToken);
        }

        return deleted
            ? TypedResults.Ok(new DeletedResponse(true))
            : ApiErrors.NotFound("Agent not found", "agent_not_found");
    }

    /// <summary>
    /// Ash's PATCH: <c>env</c> replaces the env (<c>{}</c> clears it), <c>config</c> is shallow-merged into <c>ash.json</c>
    /// (<see cref="AgentConfigJson"/>). A change is a new active version; new sessions get it, running ones keep theirs.
    /// </summary>
    private static async Task<Results<Ok<AgentResponse>, ErrorResult>> PatchAsync(string name, PatchAgentRequest? request, HttpContext context, IAgentStore store, AgentChanges changes, CancellationToken cancellationToken)
    {
        if (!AgentName.IsValid(name))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        if (request?.Env is { } env && env.Any(pair => pair.Value is null))
        {
            return ApiErrors.Validation("'env' values must be strings");
        }

        if (request is null || (request.Env is null && request.Config is null))
        {
            var agent = await store.GetAsync(Tenant.Of(context), name, cancellationToken);
            return agent is null
                ? ApiErrors.From(AgentErrors.AgentNotFound())
                : TypedResults.Ok(new AgentResponse(AgentDto.From(agent)));
        }

        var changed = await changes.ApplyAsync(
            Tenant.Of(context), name, request.Config is { } config ? AgentConfigJson.Merge(config) : null, request.Env, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Ok(new AgentResponse(AgentDto.From(changed.Value)))
            : ApiErrors.From(changed.Error);
    }

    private static async Task<Results<Ok<AgentConfigResponse>, ErrorResult>> GetConfigAsync(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agent = AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;
        return agent is null
            ? ApiErrors.From(AgentErrors.AgentNotFound())
            : TypedResults.Ok(new AgentConfigResponse(AgentConfigJson.Read(agent.Path)));
    }

    /// <summary>Ash's config PATCH: the body is the object to merge; an empty one only reads.</summary>
    private static async Task<Results<Ok<AgentConfigResponse>, ErrorResult>> PatchConfigAsync(string name, JsonObject? patch, HttpContext context, IAgentStore store, AgentChanges changes, CancellationToken cancellationToken)
    {
        if (patch is null || patch.Count == 0)
        {
            return await GetConfigAsync(name, context, store, cancellationToken);
        }

        if (!AgentName.IsValid(name))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var changed = await changes.ApplyAsync(Tenant.Of(context), name, AgentConfigJson.Merge(patch), env: null, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Ok(new AgentConfigResponse(AgentConfigJson.Read(changed.Value.Path)))
            : ApiErrors.From(changed.Error);
    }
}
