using Ash.Core.Attachments;
using Ash.Core.Sessions;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.OpenApi;
using Ash.Server.Sessions;
using Ash.Server.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ash.Server.Attachments;

/// <summary>
/// Files a client attaches to a session, in Ash's routes: upload (base64 JSON), list, download, delete.
/// Each belongs to the caller's tenant; another tenant's session or attachment is a 404.
/// </summary>
public static class AttachmentsApi
{
    public static RouteGroupBuilder MapAttachmentsApi(this RouteGroupBuilder api)
    {
        var options = ((IEndpointRouteBuilder)api).ServiceProvider.GetRequiredService<IOptions<AttachmentOptions>>().Value;
        var attachments = api.MapGroup(string.Empty).WithTags("Attachments");
        attachments.MapPost("/sessions/{id}/attachments", UploadAsync).WithMetadata(new RequestBodyLimit(options.MaxRequestBodyBytes))
            .WithName("uploadAttachment").WithSummary("Attach a file (base64) to a session").ProducesErrors(400, 409, 413);
        attachments.MapGet("/sessions/{id}/attachments", ListAsync).WithName("listAttachments").WithSummary("List a session's attachments, oldest first");
        attachments.MapGet("/attachments/{id}", DownloadAsync).WithName("downloadAttachment").WithSummary("Download an attachment's bytes")
            .ProducesFile(ContentTypes.Binary, "The attachment's bytes as a download, with its stored Content-Type");
        attachments.MapDelete("/attachments/{id}", DeleteAsync).WithName("deleteAttachment").WithSummary("Delete an attachment");
        return api;
    }

    private static async Task<Results<Created<AttachmentResponse>, ErrorResult>> UploadAsync(
        string id,
        UploadAttachmentRequest? request,
        HttpContext context,
        SessionService sessions,
        IAttachmentStore attachments,
        IOptions<AttachmentOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var tenant = Tenant.Of(context);
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var session = await sessions.GetAsync(tenant, sessionId, cancellationToken);
        if (!session.IsSuccess)
        {
            return ApiErrors.From(session.Error);
        }

        var limits = options.Value;
        if (AttachmentNames.Filename(request?.Filename) is not { } filename)
        {
            return ApiErrors.Validation("'filename' is required: the file's name, without folders");
        }

        if (AttachmentNames.MimeType(request!.MimeType) is not { } mimeType)
        {
            return ApiErrors.Validation("'mimeType' must be a MIME type such as image/png or application/pdf");
        }

        if (request.MessageId is { } messageId && !Guid.TryParse(messageId, out _))
        {
            return ApiErrors.Validation("'messageId' must be a UUID");
        }

        if (string.IsNullOrEmpty(request.Content))
        {
            return ApiErrors.Validation("'content' is required: the file's bytes in base64, at least one byte");
        }

        // Refused before decoding anything when even the shortest reading of the text is too large.
        if ((request.Content.Length / 4 * 3) - 2 > limits.MaxBytes)
        {
            return TooLarge(limits.MaxBytes);
        }

        byte[] content;
        try
        {
            content = Convert.FromBase64String(request.Content);
        }
        catch (FormatException)
        {
            return ApiErrors.Validation("'content' is not valid base64");
        }

        if (content.Length == 0)
        {
            return ApiErrors.Validation("'content' is required: the file's bytes in base64, at least one byte");
        }

        if (content.Length > limits.MaxBytes)
        {
            return TooLarge(limits.MaxBytes);
        }

        var (count, bytes) = await attachments.TotalAsync(tenant, sessionId, cancellationToken);
        if (count >= limits.MaxPerSession)
        {
            return ApiErrors.Create(
                StatusCodes.Status409Conflict, "too_many_attachments", $"This session already holds {count} attachments, the most it may; delete one first");
        }

        if (bytes + content.Length > limits.MaxBytesPerSession)
        {
            return ApiErrors.Create(
                StatusCodes.Status413PayloadTooLarge,
                "session_attachments_full",
                $"This session's attachments would pass {limits.MaxBytesPerSession} bytes in all; delete some first");
        }

        var attachment = new Attachment(Guid.NewGuid(), tenant, sessionId, request.MessageId, filename, mimeType, content.Length, time.GetUtcNow());
        await attachments.AddAsync(attachment, content, cancellationToken);
        return TypedResults.Created(
            $"/api/attachments/{attachment.Id:D}",
            new AttachmentResponse(AttachmentDto.From(attachment)));
    }

    private static async Task<Results<Ok<AttachmentListResponse>, ErrorResult>> ListAsync(
        string id, HttpContext context, SessionService sessions, IAttachmentStore attachments, CancellationToken cancellationToken)
    {
        var tenant = Tenant.Of(context);
        if (!SessionsApi.TryParseId(id, out var sessionId))
        {
            return SessionsApi.SessionNotFound();
        }

        var session = await sessions.GetAsync(tenant, sessionId, cancellationToken);
        if (!session.IsSuccess)
        {
            return ApiErrors.From(session.Error);
        }

        var listed = await attachments.ListAsync(tenant, sessionId, cancellationToken);
        return TypedResults.Ok(new AttachmentListResponse(listed.Select(AttachmentDto.From).ToList()));
    }

    private static async Task<Results<FileContentHttpResult, ErrorResult>> DownloadAsync(string id, HttpContext context, IAttachmentStore attachments, CancellationToken cancellationToken)
    {
        var tenant = Tenant.Of(context);
        if (!Guid.TryParseExact(id, "D", out var attachmentId)
            || await attachments.GetAsync(tenant, attachmentId, cancellationToken) is not { } attachment
            || await attachments.GetContentAsync(tenant, attachmentId, cancellationToken) is not { } content)
        {
            return AttachmentNotFound();
        }

        // Served as a download, never rendered: an uploaded HTML page must not run on the API's origin.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.ContentSecurityPolicy = "sandbox";
        return TypedResults.File(content, attachment.MimeType, attachment.Filename);
    }

    private static async Task<Results<NoContent, ErrorResult>> DeleteAsync(string id, HttpContext context, IAttachmentStore attachments, CancellationToken cancellationToken) =>
        Guid.TryParseExact(id, "D", out var attachmentId) && await attachments.DeleteAsync(Tenant.Of(context), attachmentId, cancellationToken)
            ? TypedResults.NoContent()
            : AttachmentNotFound();

    private static ErrorResult AttachmentNotFound() => ApiErrors.NotFound("Attachment not found", "attachment_not_found");

    private static ErrorResult TooLarge(long maxBytes) =>
        ApiErrors.Create(StatusCodes.Status413PayloadTooLarge, "attachment_too_large", $"An attachment may hold at most {maxBytes} bytes");
}
