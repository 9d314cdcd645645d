using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ash.Core.Workspaces;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;
using Ash.Server.OpenApi;
using Ash.Server.Sessions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Workspaces;

/// <summary>
/// A session's workspace files (ash-reference.md §1.8-1.9, Ash's wire format): list, read, write and
/// delete files; download and upload the whole tree as tar.gz. Paths never leave the workspace and
/// links are never followed (see <see cref="Ash.Sandbox.Workspaces.ConfinedDirectory"/>).
/// </summary>
public static class WorkspaceApi
{
    /// <summary>Ash's limits: 200 MiB of JSON for file uploads, 134 MiB for a base64 bundle.</summary>
    public const long MaxFilesBodyBytes = 200L * 1024 * 1024;

    public const long MaxBundleBodyBytes = 134L * 1024 * 1024;

    private const string Source = "sandbox";

    private const string WorkspaceArchive = "application/gzip";

    public static RouteGroupBuilder MapWorkspaceApi(this RouteGroupBuilder api)
    {
        var session = api.MapGroup("/sessions/{id}").WithTags("Workspace");
        session.MapGet("/files", ListAsync).WithName("getSessionFiles").WithSummary("List the workspace's files");
        session.MapGet("/files/{*path}", ReadAsync).WithName("getSessionFile").WithSummary("Read a workspace file: raw bytes (default) or JSON")
            .ProducesFile(ContentTypes.Binary, "The file's bytes as a download, Content-Type by its extension (the default); with ?format=json its UTF-8 text as JSON").ProducesErrors(400);
        session.MapPost("/files", WriteAsync).WithMetadata(new RequestBodyLimit(MaxFilesBodyBytes))
            .WithName("writeSessionFiles").WithSummary("Write files into the workspace").AcceptsJson<WriteFilesRequest>().ProducesErrors(400, 415, 507);
        session.MapDelete("/files/{*path}", DeleteAsync).WithName("deleteSessionFile").WithSummary("Delete a workspace file").ProducesErrors(400);
        session.MapGet("/workspace", DownloadAsync).WithName("downloadWorkspace").WithSummary("Download the workspace as tar.gz")
            .ProducesFile(WorkspaceArchive, "The workspace as a tar.gz stream");
        session.MapPost("/workspace", UploadAsync).WithMetadata(new RequestBodyLimit(MaxBundleBodyBytes))
            .WithName("uploadWorkspace").WithSummary("Unpack a tar.gz bundle into the workspace").AcceptsJson<WorkspaceUploadRequest>().ProducesErrors(400, 413, 415, 507);
        return api;
    }

    private static async Task<Results<Ok<FileListResponse>, ErrorResult>> ListAsync(string id, bool? includeHidden, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var listed = await workspaces.ListAsync(Tenant.Of(context), sessionId, includeHidden ?? true, cancellationToken);
        return listed.IsSuccess
            ? TypedResults.Ok(new FileListResponse(listed.Value.Files.Select(FileEntryDto.From).ToList(), Source, listed.Value.Truncated))
            : ApiErrors.From(listed.Error);
    }

    /// <summary>Raw bytes (default) as an attachment, or <c>?format=json</c> for UTF-8 text up to 1 MiB.</summary>
    private static async Task<Results<FileStreamHttpResult, Ok<FileContentResponse>, ErrorResult>> ReadAsync(string id, string? path, string? format, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        if (format is not (null or "raw" or "json"))
        {
            return ApiErrors.Validation("'format' must be 'raw' or 'json'");
        }

        var opened = await workspaces.OpenReadAsync(Tenant.Of(context), sessionId, RoutePath(path), cancellationToken);
        if (!opened.IsSuccess)
        {
            return ApiErrors.From(opened.Error);
        }

        var file = opened.Value;
        if (format != "json")
        {
            context.Response.Headers["X-Ash-Source"] = Source;
            context.Response.Headers.XContentTypeOptions = "nosniff";

            // The result disposes the stream once sent; its length is the size at open, so Content-Length holds.
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
            return TypedResults.Ok(new FileContentResponse(file.Path, Encoding.UTF8.GetString(bytes), file.Size, Source));
        }
    }

    private static async Task<Results<Ok<WriteFilesResponse>, ErrorResult>> WriteAsync(string id, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        // The body is read here, after the API key filter, so an anonymous client cannot make us parse 200 MiB.
        var (request, invalid) = await ReadJsonAsync(context, ApiJsonContext.Default.WriteFilesRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request?.Files is not { } files)
        {
            return ApiErrors.Validation("'files' is required: [{path, content (base64)}]");
        }

        var uploads = new List<FileUpload>(files.Count);
        foreach (var file in files)
        {
            if (file is not { Path: { } path, Content: { } content })
            {
                return ApiErrors.Validation("Each file needs 'path' and 'content' (base64)");
            }

            uploads.Add(new FileUpload(path, content));
        }

        var written = await workspaces.WriteAsync(Tenant.Of(context), sessionId, request.TargetPath, uploads, cancellationToken);
        return written.IsSuccess
            ? TypedResults.Ok(new WriteFilesResponse(written.Value.Select(FileWriteDto.From).ToList()))
            : ApiErrors.From(written.Error);
    }

    private static async Task<Results<Ok<FileDeletedResponse>, ErrorResult>> DeleteAsync(string id, string? path, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var deleted = await workspaces.DeleteAsync(Tenant.Of(context), sessionId, RoutePath(path), cancellationToken);
        return deleted.IsSuccess
            ? TypedResults.Ok(new FileDeletedResponse(deleted.Value, true))
            : ApiErrors.From(deleted.Error);
    }

    /// <summary>The workspace as tar.gz, streamed as it is read (nothing is buffered whole).</summary>
    private static async Task<Results<EmptyHttpResult, ErrorResult>> DownloadAsync(string id, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var opened = await workspaces.OpenArchiveAsync(Tenant.Of(context), sessionId, cancellationToken);
        if (!opened.IsSuccess)
        {
            return ApiErrors.From(opened.Error);
        }

        await using var archive = opened.Value;
        context.Response.ContentType = WorkspaceArchive;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{sessionId:D}.tar.gz\"";
        try
        {
            await archive.WriteTarGzAsync(context.Response.Body, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client left mid-download.
        }

        return TypedResults.Empty;
    }

    private static async Task<Results<Ok<WorkspaceUploadResponse>, ErrorResult>> UploadAsync(string id, HttpContext context, SessionWorkspaces workspaces, CancellationToken cancellationToken)
    {
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var (request, invalid) = await ReadJsonAsync(context, ApiJsonContext.Default.WorkspaceUploadRequest, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        if (request?.Bundle is not { Length: > 0 } bundle)
        {
            return ApiErrors.Validation("Empty bundle", "empty_bundle");
        }

        using var stream = new MemoryStream(bundle, writable: false);
        var extracted = await workspaces.ExtractArchiveAsync(Tenant.Of(context), sessionId, stream, cancellationToken);
        return extracted.IsSuccess
            ? TypedResults.Ok(new WorkspaceUploadResponse("Workspace restored to live sandbox", extracted.Value))
            : ApiErrors.From(extracted.Error);
    }

    /// <summary>
    /// The catch-all route value keeps "%2F" encoded (ASP.NET decodes everything else); Ash's clients
    /// may encode the separators, so they are decoded here. Any ".." that appears is refused later.
    /// </summary>
    private static string RoutePath(string? path) =>
        (path ?? string.Empty).Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request's JSON body, or the error answer for a wrong media type or malformed JSON (wrong types, bad base64).</summary>
    private static async Task<(T? Value, ErrorResult? Error)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return (default, ApiErrors.Create(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send the body as application/json"));
        }

        try
        {
            return (await JsonSerializer.DeserializeAsync(context.Request.Body, type, cancellationToken), null);
        }
        catch (JsonException exception)
        {
            var (code, message) = RequestBodyError.Describe(exception, "file contents must be base64");
            return (default, ApiErrors.Validation(message, code));
        }
    }
}
