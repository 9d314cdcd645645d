using Ash.Core.Agents;
using Ash.Core.Secrets;
using Ash.Core.Sessions.Warm;
using Ash.Server.Auth;
using Ash.Server.Errors;

namespace Ash.Server.Agents;

public static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder api)
    {
        var agents = api.MapGroup("/agents");
        agents.MapPost("/", DeployAsync);
        agents.MapGet("/", ListAsync);
        agents.MapGet("/{name}", GetAsync);
        agents.MapDelete("/{name}", DeleteAsync);
        return api;
    }

    /// <summary>
    /// Deploys by path (a folder on this server) or by upload. Either way the content is kept as an immutable
    /// copy under the agents directory (<see cref="AgentContentStore"/>) and the agent's row points there, so
    /// every sandbox host finds the same files by tenant, name and content id. A deploy by path takes the
    /// folder as it is now: deploy again to pick up later edits.
    /// </summary>
    private static async Task<IResult> DeployAsync(DeployAgentRequest? request, HttpContext context, IAgentStore store, AgentContentStore contents, WarmPool warm, ISecretProtector secrets, CancellationToken cancellationToken)
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

        // Sealed here, before the store sees them: only the sandbox host opens them again, as it starts the agent.
        var sealedEnv = request.Env?.ToDictionary(pair => pair.Key, pair => secrets.Seal(pair.Value), StringComparer.Ordinal);
        var agent = await store.UpsertAsync(tenant, request.Name!, kept.Value.Path, sealedEnv, request.Model, cancellationToken);
        contents.Prune(tenant, agent.Name, agent.Path);
        warm.Fill(agent, kept.Value.Config);
        return TypedResults.Json(new AgentResponse(AgentDto.From(agent)), Json.ApiJsonContext.Default.AgentResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agents = await store.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Json(new AgentListResponse(agents.Select(AgentDto.From).ToList()), Json.ApiJsonContext.Default.AgentListResponse);
    }

    private static async Task<IResult> GetAsync(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agent = AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;
        return agent is null
            ? ApiErrors.NotFound("Agent not found", "agent_not_found")
            : TypedResults.Json(new AgentResponse(AgentDto.From(agent)), Json.ApiJsonContext.Default.AgentResponse);
    }

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, IAgentStore store, AgentContentStore contents, WarmPool warm, CancellationToken cancellationToken)
    {
        var deleted = AgentName.IsValid(name) && await store.DeleteAsync(Tenant.Of(context), name, cancellationToken);
        if (deleted)
        {
            warm.Forget(Tenant.Of(context), name);
            contents.Prune(Tenant.Of(context), name, current: null);
        }

        return deleted
            ? TypedResults.Json(new DeletedResponse(true), Json.ApiJsonContext.Default.DeletedResponse)
            : ApiErrors.NotFound("Agent not found", "agent_not_found");
    }
}
