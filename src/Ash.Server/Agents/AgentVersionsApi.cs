using System.Globalization;
using System.Text.Json;
using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sessions.Warm;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Agents;

/// <summary>
/// An agent's versions (Ash's <c>/api/agents/:name/versions</c>; <c>:v</c> is a version number or a version id). Each
/// version holds content and settings: activating one rolls the agent to it for new sessions, while every session
/// keeps running the version it was created with. A new version (POST) starts from the active version's content
/// (or <c>cloneFrom</c>'s) and is inactive until activated.
/// </summary>
public static class AgentVersionsApi
{
    private const string Tag = "Agent versions";
    private const int MaxNameLength = 255;
    private const int MaxSystemPromptLength = 1_000_000;
    private const int MaxReleaseNotesLength = 10_000;
    private const int MaxKnowledgeFiles = 1000;
    private const int MaxKnowledgeFileLength = 4096;

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

    private static async Task<Results<Ok<AgentVersionListResponse>, ErrorResult>> ListAsync(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        if (await AgentOf(name, context, store, cancellationToken) is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var versions = await store.ListVersionsAsync(Tenant.Of(context), name, cancellationToken);
        return TypedResults.Ok(new AgentVersionListResponse(versions.Select(AgentVersionDto.From).ToList()));
    }

    private static async Task<Results<Created<AgentVersionResponse>, ErrorResult>> CreateAsync(string name, CreateAgentVersionRequest? request, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        request ??= new CreateAgentVersionRequest(null, null, null, null, null);
        if (Invalid(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles) is { } invalid)
        {
            return ApiErrors.From(invalid);
        }

        if (await AgentOf(name, context, store, cancellationToken) is null)
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
            var from = reference is null ? null : await FindAsync(name, reference, context, store, cancellationToken);
            if (from is null)
            {
                return ApiErrors.Validation($"Source version {cloneFrom.GetRawText()} not found", "version_not_found");
            }

            source = from.VersionNumber;
        }

        var notes = new AgentVersionNotes(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles);
        var created = await store.AddVersionAsync(Tenant.Of(context), name, source, cloneNotes: source != 0, notes, createdBy: null, cancellationToken);
        return created is null
            ? ApiErrors.From(AgentErrors.AgentNotFound())
            : TypedResults.Created(default(string), new AgentVersionResponse(AgentVersionDto.From(created)));
    }

    private static async Task<Results<Ok<AgentVersionResponse>, ErrorResult>> GetAsync(string name, string version, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        if (await AgentOf(name, context, store, cancellationToken) is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await FindAsync(name, version, context, store, cancellationToken);
        return found is null
            ? ApiErrors.From(AgentErrors.VersionNotFound())
            : TypedResults.Ok(new AgentVersionResponse(AgentVersionDto.From(found)));
    }

    /// <summary>Ash's notes only (name, prompt, release notes, knowledge files): a version's content and settings never change.</summary>
    private static async Task<Results<Ok<AgentVersionResponse>, ErrorResult>> UpdateAsync(
        string name, string version, UpdateAgentVersionRequest? request, HttpContext context, IAgentStore store, WarmPool warm, CancellationToken cancellationToken)
    {
        request ??= new UpdateAgentVersionRequest(null, null, null, null);
        if (Invalid(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles) is { } invalid)
        {
            return ApiErrors.From(invalid);
        }

        if (await AgentOf(name, context, store, cancellationToken) is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await FindAsync(name, version, context, store, cancellationToken);
        var notes = new AgentVersionNotes(request.Name, request.SystemPrompt, request.ReleaseNotes, request.KnowledgeFiles);
        var updated = found is null ? null : await store.EditVersionAsync(Tenant.Of(context), name, found.VersionNumber, notes, cancellationToken);
        if (updated is null)
        {
            return ApiErrors.From(AgentErrors.VersionNotFound());
        }

        if (updated.IsActive && updated.SystemPrompt != found!.SystemPrompt)
        {
            // Warm sandboxes were started with the old prompt: new sessions must get the new one.
            warm.Forget(updated.TenantId, name);
            if (await store.GetAsync(updated.TenantId, name, cancellationToken) is { } agent && AgentConfigFile.Load(agent.Path) is { IsSuccess: true } config)
            {
                warm.Fill(agent, config.Value);
            }
        }

        return TypedResults.Ok(new AgentVersionResponse(AgentVersionDto.From(updated)));
    }

    /// <summary>204 as Ash; the active version is refused (409 <c>version_active</c>): activate another first.</summary>
    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(string name, string version, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        if (await AgentOf(name, context, store, cancellationToken) is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await FindAsync(name, version, context, store, cancellationToken);
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

    private static async Task<Results<Ok<VersionActivatedResponse>, ErrorResult>> ActivateAsync(string name, string version, HttpContext context, IAgentStore store, AgentChanges changes, CancellationToken cancellationToken)
    {
        if (await AgentOf(name, context, store, cancellationToken) is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var found = await FindAsync(name, version, context, store, cancellationToken);
        var agent = found is null ? null : await store.ActivateVersionAsync(Tenant.Of(context), name, found.VersionNumber, cancellationToken);
        if (agent is null)
        {
            return ApiErrors.From(AgentErrors.VersionNotFound());
        }

        await changes.AfterChangeAsync(agent, cancellationToken);
        return TypedResults.Ok(new VersionActivatedResponse(true, agent.Version));
    }

    private static async Task<Agent?> AgentOf(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken) =>
        AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;

    /// <summary>As Ash: a whole number in its plain form names a version by number; anything else is taken as a version id.</summary>
    private static Task<AgentVersion?> FindAsync(string name, string reference, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        if (int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number.ToString(CultureInfo.InvariantCulture) == reference)
        {
            return store.FindVersionAsync(Tenant.Of(context), name, number, null, cancellationToken);
        }

        return Guid.TryParse(reference, out var id)
            ? store.FindVersionAsync(Tenant.Of(context), name, 0, id, cancellationToken)
            : Task.FromResult<AgentVersion?>(null);
    }

    private static AshError? Invalid(string? name, string? systemPrompt, string? releaseNotes, List<string>? knowledgeFiles)
    {
        if (name is { Length: 0 or > MaxNameLength })
        {
            return AshError.Validation($"'name' is 1 to {MaxNameLength} characters");
        }

        if (systemPrompt is { Length: > MaxSystemPromptLength })
        {
            return AshError.Validation($"'systemPrompt' is at most {MaxSystemPromptLength} characters");
        }

        if (releaseNotes is { Length: > MaxReleaseNotesLength })
        {
            return AshError.Validation($"'releaseNotes' is at most {MaxReleaseNotesLength} characters");
        }

        if (knowledgeFiles is not null
            && (knowledgeFiles.Count > MaxKnowledgeFiles || knowledgeFiles.Exists(file => file is null or { Length: > MaxKnowledgeFileLength })))
        {
            return AshError.Validation($"'knowledgeFiles' is a list of at most {MaxKnowledgeFiles} strings of at most {MaxKnowledgeFileLength} characters");
        }

        return null;
    }
}
