using System.Text;
using Ash.Core.Agents;
using Ash.Core.Agents.Deploy;
using Ash.Core.Workspaces;
using Ash.Sandbox.Workspaces;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.OpenApi;
using Ash.Server.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Agents;

/// <summary>
/// An agent's files (Ash's <c>/api/agents/:name/files</c>): the active version's content, listed and read; writing or
/// deleting makes a new active version (<see cref="AgentDeploy.ChangeAsync"/>), so content a session runs never changes under it.
/// Paths stay inside the content and links are never followed (<see cref="ConfinedFileReader"/>, <see cref="AgentFileEdits"/>).
/// </summary>
public static class AgentFilesApi
{
    private const string Tag = "Agent files";

    public static RouteGroupBuilder MapAgentFilesApi(this RouteGroupBuilder agents)
    {
        // Not a group: a group's root route ends in a slash, and these templates stay as they were (route labels, tests).
        agents.MapGet("/{name}/files", ListAsync).WithTags(Tag).WithName("listAgentFiles").WithSummary("List the active version's files");
        agents.MapGet("/{name}/files/{*path}", ReadAsync).WithTags(Tag).WithName("getAgentFile").WithSummary("Read a file: JSON (default) or raw bytes")
            .ProducesFile(ContentTypes.Binary, "With ?format=json (the default) the file's UTF-8 text as JSON; with ?format=raw its bytes as a download").ProducesErrors(400);
        agents.MapPost("/{name}/files", WriteAsync).WithTags(Tag).WithName("uploadAgentFiles").WithSummary("Write files (a new active version)").ProducesErrors(400);
        agents.MapDelete("/{name}/files/{*path}", DeleteAsync).WithTags(Tag).WithName("deleteAgentFile").WithSummary("Delete a file (a new active version)").ProducesErrors(400);
        return agents;
    }

    private static async Task<Results<Ok<AgentFileListResponse>, ErrorResult>> ListAsync(string name, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        var agent = AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;
        if (agent is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        if (!Directory.Exists(agent.Path))
        {
            return ApiErrors.NotFound("Agent directory not found on disk", "agent_content_missing");
        }

        // Regular files only: links are skipped, never followed.
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var files = new DirectoryInfo(agent.Path).EnumerateFiles("*", options)
            .Select(file => new FileEntryDto(Path.GetRelativePath(agent.Path, file.FullName).Replace('\\', '/'), file.Length, file.LastWriteTimeUtc))
            .OrderBy(file => file.Path, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new AgentFileListResponse(files));
    }

    /// <summary><c>?format=json</c> (the default, as Ash's) for UTF-8 text up to 1 MiB, or <c>raw</c> bytes as an attachment.</summary>
    private static async Task<Results<Ok<AgentFileContentResponse>, FileStreamHttpResult, ErrorResult>> ReadAsync(string name, string? path, string? format, HttpContext context, IAgentStore store, CancellationToken cancellationToken)
    {
        if (format is not (null or "raw" or "json"))
        {
            return ApiErrors.Validation("'format' must be 'json' or 'raw'");
        }

        var agent = AgentName.IsValid(name) ? await store.GetAsync(Tenant.Of(context), name, cancellationToken) : null;
        if (agent is null)
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var opened = ConfinedFileReader.Open(agent.Path, RoutePath(path));
        if (!opened.IsSuccess)
        {
            return ApiErrors.From(opened.Error);
        }

        var file = opened.Value;
        if (format == "raw")
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return TypedResults.Stream(file.Content, ContentTypes.For(file.Path), fileDownloadName: Path.GetFileName(file.Path), lastModified: file.ModifiedAt);
        }

        await using (file)
        {
            if (file.Size > WorkspaceLimits.MaxJsonFileBytes)
            {
                return ApiErrors.Validation(
                    $"File is larger than {WorkspaceLimits.MaxJsonFileBytes / 1024} KiB; read it with format=raw", "file_too_large");
            }

            var bytes = new byte[file.Size];
            await file.Content.ReadExactlyAsync(bytes, cancellationToken);
            return TypedResults.Ok(new AgentFileContentResponse(file.Path, Encoding.UTF8.GetString(bytes), file.Size));
        }
    }

    private static async Task<Results<Ok<AgentFilesWrittenResponse>, ErrorResult>> WriteAsync(string name, WriteAgentFilesRequest? request, HttpContext context, AgentDeploy deploy, CancellationToken cancellationToken)
    {
        if (!AgentName.IsValid(name))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        if (request?.Files is not { } files)
        {
            return ApiErrors.Validation("'files' is required: [{path, content (base64)}]");
        }

        var decoded = AgentFileEdits.Decode(files);
        if (!decoded.IsSuccess)
        {
            return ApiErrors.From(decoded.Error);
        }

        var changed = await deploy.ChangeAsync(Tenant.Of(context), name, AgentFileEdits.Write(decoded.Value), env: null, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Ok(new AgentFilesWrittenResponse(decoded.Value.Count, changed.Value.Version))
            : ApiErrors.From(changed.Error);
    }

    private static async Task<Results<Ok<AgentFileDeletedResponse>, ErrorResult>> DeleteAsync(string name, string? path, HttpContext context, AgentDeploy deploy, CancellationToken cancellationToken)
    {
        if (!AgentName.IsValid(name))
        {
            return ApiErrors.From(AgentErrors.AgentNotFound());
        }

        var normalized = WorkspacePath.Normalize(RoutePath(path));
        if (!normalized.IsSuccess)
        {
            return ApiErrors.From(normalized.Error);
        }

        var changed = await deploy.ChangeAsync(Tenant.Of(context), name, AgentFileEdits.Delete(normalized.Value), env: null, cancellationToken);
        return changed.IsSuccess
            ? TypedResults.Ok(new AgentFileDeletedResponse(normalized.Value, true, changed.Value.Version))
            : ApiErrors.From(changed.Error);
    }

    /// <summary>As for workspace files: clients may encode the separators ("%2F"), which routing leaves encoded.</summary>
    private static string RoutePath(string? path) => (path ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
