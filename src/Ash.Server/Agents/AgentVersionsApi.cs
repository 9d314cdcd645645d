using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Agents;

/// <summary>
/// An agent's versions (Ash's <c>/api/agents/:name/versions</c>; <c>:v</c> is a version number or a version id). Each
/// version holds content and settings: activating one rolls the agent to it for new sessions, while every session
/// keeps running the version it was created with. A new version (POST) starts from the active version's content
/// (or <c>cloneFrom</c>'s) and is inactive until activated. What reaches sessions (activation, a changed prompt) is
/// <see cref="AgentVersionChanges"/>'.
/// </summary>
public static class AgentVersionsApi
{
    private const string Tag = "Agent versions";

    public static RouteGroupBuilder MapAgentVersionsApi(this RouteGroupBuilder agents)
    {
        // Not a group: a group's root route ends in a slash, and these templates stay as they were (route labels, tests).
        agents.MapGet("/{name}/versions", ListAsync).WithTags(Tag).WithName("listAgentVersions").WithSummary("List an agent's versions, newest first");
        agents.MapPost("/{name}/versions", CreateAsync).WithTags(Tag).WithName("createAgentVersion").WithSummary("Make an inactive version from the active one (or cloneFrom)").ProducesErrors(400);
        agents.MapGet("/{name}/versions/{version}", GetAsync).WithTags(Tag).WithName("getAgentVersion").WithSummary("Get a version by number or id");
        agents.MapPatch("/{name}/versions/{version}", UpdateAsync).WithTags(Tag).WithName("updateAgentVersion").WithSummary("Edit a version's notes").ProducesErrors(400);
        agents.MapDelete("/{name}/versions/{version}", DeleteAsync).WithTags(Tag).WithName("deleteAgentVersion").WithSummary("Delete an inactive version").ProducesErrors(409);
        agents.MapPost("/{name}/versions/{version}/activate", ActivateAsync).WithTags(Tag).WithName("activateAgentVersion").WithSummary("Make a version the one new sessions run");
        return agents;
    }

    private static async Task<Results<Ok<AgentVersionListResponse>, ErrorResult>> ListAsync(string name, HttpContext context, IAgentStore store, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        if (!await versions.ExistsAsync(Tenant.Of(context), name, cancellationToken))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var listed = await store.ListVersionsAsync(Tenant.Of(context), name, cancellationToken);
        return TypedResults.Ok(new AgentVersionListResponse(listed.Select(AgentVersionDto.From).ToList()));
    }

    private static async Task<Results<Created<AgentVersionResponse>, ErrorResult>> CreateAsync(string name, CreateAgentVersionRequest? request, HttpContext context, IAgentStore store, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        request ??= new CreateAgentVersionRequest(null, null, null, null, null);
        var notes = new AgentVersionNotes(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles);
        if (notes.Problem() is { } invalid)
        {
            return ApiErrors.From(invalid);
        }

        if (!await versions.ExistsAsync(Tenant.Of(context), name, cancellationToken))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var source = 0;
        if (request.CloneFrom is { ValueKind: not JsonValueKind.Null } cloneFrom)
        {
            var reference = cloneFrom.ValueKind switch
            {
                JsonValueKind.Number => cloneFrom.GetRawText(),
                JsonValueKind.String => cloneFrom.GetString(),
                _ => null,
            };
            var from = reference is null ? null : await versions.FindAsync(Tenant.Of(context), name, reference, cancellationToken);
            if (from is null)
            {
                return ApiErrors.Validation($"Source version {cloneFrom.GetRawText()} not found", "version_not_found");
            }

            source = from.VersionNumber;
        }

        var created = await store.AddVersionAsync(Tenant.Of(context), name, source, cloneNotes: source != 0, notes, createdBy: null, cancellationToken);
        return created is null
            ? ApiErrors.From(AgentErrors.AgentNotFound())
            : TypedResults.Created(default(string), new AgentVersionResponse(AgentVersionDto.From(created)));
    }

    private static async Task<Results<Ok<AgentVersionResponse>, ErrorResult>> GetAsync(string name, string version, HttpContext context, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        if (!await versions.ExistsAsync(Tenant.Of(context), name, cancellationToken))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await versions.FindAsync(Tenant.Of(context), name, version, cancellationToken);
        return found is null
            ? ApiErrors.From(AgentErrors.VersionNotFound())
            : TypedResults.Ok(new AgentVersionResponse(AgentVersionDto.From(found)));
    }

    /// <summary>Ash's notes only (name, prompt, release notes, knowledge files): a version's content and settings never change.</summary>
    private static async Task<Results<Ok<AgentVersionResponse>, ErrorResult>> UpdateAsync(
        string name, string version, UpdateAgentVersionRequest? request, HttpContext context, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        request ??= new UpdateAgentVersionRequest(null, null, null, null);
        var notes = new AgentVersionNotes(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles);
        var updated = await versions.EditNotesAsync(Tenant.Of(context), name, version, notes, cancellationToken);
        return updated.IsSuccess
            ? TypedResults.Ok(new AgentVersionResponse(AgentVersionDto.From(updated.Value)))
            : ApiErrors.From(updated.Error);
    }

    /// <summary>204 as Ash; the active version is refused (409 <c>version_active</c>): activate another first.</summary>
    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(string name, string version, HttpContext context, IAgentStore store, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        if (!await versions.ExistsAsync(Tenant.Of(context), name, cancellationToken))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await versions.FindAsync(Tenant.Of(context), name, version, cancellationToken);
        var removal = found is null ? VersionRemoval.NotFound : await store.DeleteVersionAsync(Tenant.Of(context), name, found.VersionNumber, cancellationToken);
        return removal switch
        {
            VersionRemoval.Removed => TypedResults.NoContent(),
            VersionRemoval.Active => ApiErrors.Create(
                StatusCodes.Status409Conflict,
                "version_active",
                $"Version {found!.VersionNumber} is the active version of agent '{name}'; activate another version before deleting it"),
            _ => ApiErrors.From(AgentErrors.VersionNotFound()),
        };
    }

    /// <summary>Rolls the agent to the version, back or forward: new sessions run it, with the config stored with it.</summary>
    private static async Task<Results<Ok<VersionActivatedResponse>, ErrorResult>> ActivateAsync(string name, string version, HttpContext context, AgentVersionChanges versions, CancellationToken cancellationToken)
    {
        var agent = await versions.ActivateAsync(Tenant.Of(context), name, version, cancellationToken);
        return agent.IsSuccess
            ? TypedResults.Ok(new VersionActivatedResponse(true, agent.Value.Version))
            : ApiErrors.From(agent.Error);
    }
}
