using System.Text.Json.Nodes;
using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
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
    /// Deploys by path (a folder on this server) or by upload (<see cref="AgentDeploy"/>): the content is kept as an
    /// immutable copy under the agents directory, its <c>ash.json</c> parsed once and stored with the version.
    /// </summary>
    private static async Task<Results<Created<AgentResponse>, ErrorResult>> DeployAsync(DeployAgentRequest? request, HttpContext context, AgentDeploy deploy, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return ApiErrors.Validation("Request body is required");
        }

        var files = request.Files?.Select(file => file is null ? null : new AgentUploadFile(file.Path, file.Content)).ToList();
        var deployed = await deploy.DeployAsync(Tenant.Of(context), new AgentDeployment(request.Name, request.Path, files, request.Env, request.Model), cancellationToken);
        return deployed.IsSuccess
            ? TypedResults.Created(default(string), new AgentResponse(AgentDto.From(deployed.Value)))
            : ApiErrors.From(deployed.Error);
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
            ? ApiErrors.From(AgentErrors.AgentNotFound())
            : TypedResults.Ok(new AgentResponse(AgentDto.From(agent)));
    }

    private static async Task<Results<Ok<DeletedResponse>, ErrorResult>> DeleteAsync(string name, HttpContext context, AgentDeploy deploy, CancellationToken cancellationToken) =>
        await deploy.DeleteAsync(Tenant.Of(context), name, cancellationToken)
            ? TypedResults.Ok(new DeletedResponse(true))
            : ApiErrors.From(AgentErrors.AgentNotFound());

    /// <summary>
    /// Ash's PATCH: <c>env</c> replaces the env (<c>{}</c> clears it), <c>config</c> is shallow-merged into <c>ash.json</c>
    /// (<see cref="AgentConfigJson"/>). A change is a new active version; new sessions get it, running ones keep theirs.
    /// </summary>
    private static async Task<Results<Ok<AgentResponse>, ErrorResult>> PatchAsync(string name, PatchAgentRequest? request, HttpContext context, IAgentStore store, AgentDeploy deploy, CancellationToken cancellationToken)
    {
        if (request is null || (request.Env is null && request.Config is null))
        {
            return await GetAsync(name, context, store, cancellationToken);
        }

        var changed = await deploy.ChangeAsync(
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
    private static async Task<Results<Ok<AgentConfigResponse>, ErrorResult>> PatchConfigAsync(string name, JsonObject? patch, HttpContext context, IAgentStore store, AgentDeploy deploy, CancellationToken cancellationToken)
    {
        if (patch is null || patch.Count == 0)
        {
            return await GetConfigAsync(name, context, store, cancellationToken);
        }

        var changed = await deploy.ChangeAsync(Tenant.Of(context), name, AgentConfigJson.Merge(patch), env: null, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Ok(new AgentConfigResponse(AgentConfigJson.Read(changed.Value.Path)))
            : ApiErrors.From(changed.Error);
    }
}
