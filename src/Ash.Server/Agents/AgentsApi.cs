using Ash.Core.Agents;
using Ash.Core.Sessions.Warm;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Hosting;
using Microsoft.Extensions.Options;

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

    private static async Task<IResult> DeployAsync(DeployAgentRequest? request, HttpContext context, IAgentStore store, IOptions<AshServerOptions> options, IOptions<Ash.Sandbox.SandboxOptions> sandbox, WarmPool warm, CancellationToken cancellationToken)
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

        var tenant = Tenant.Of(context);
        string path;
        if (request.Path is not null)
        {
            if ((AgentFolder.Validate(request.Path) ?? AgentConfigCheck.OfFolder(request.Path, sandbox.Value)) is { } invalid)
            {
                return ApiErrors.From(invalid);
            }

            path = Path.GetFullPath(request.Path);
        }
        else
        {
            if (AgentConfigCheck.OfUpload(request.Files!, sandbox.Value) is { } invalidConfig)
            {
                return ApiErrors.From(invalidConfig);
            }

            var written = UploadedAgentFolder.Write(Path.Combine(options.Value.FullDataDirectory, "agents"), tenant, request.Name!, request.Files!);
            if (!written.IsSuccess)
            {
                return ApiErrors.From(written.Error);
            }

            path = written.Value;
        }

        var agent = await store.UpsertAsync(tenant, request.Name!, path, request.Env, request.Model, cancellationToken);
        if (AgentConfigFile.Load(path) is { IsSuccess: true } config)
        {
            warm.Fill(agent, config.Value);
        }

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

    private static async Task<IResult> DeleteAsync(string name, HttpContext context, IAgentStore store, WarmPool warm, CancellationToken cancellationToken)
    {
        var deleted = AgentName.IsValid(name) && await store.DeleteAsync(Tenant.Of(context), name, cancellationToken);
        if (deleted)
        {
            warm.Forget(Tenant.Of(context), name);
        }

        return deleted
            ? TypedResults.Json(new DeletedResponse(true), Json.ApiJsonContext.Default.DeletedResponse)
            : ApiErrors.NotFound("Agent not found", "agent_not_found");
    }
}
