using Ash.Core.Attachments;

namespace Ash.Server.Attachments;

/// <summary>POST /api/sessions/:id/attachments, in Ash's shape: the file's bytes in base64.</summary>
public sealed record UploadAttachmentRequest(string? Filename, string? Content, string? MimeType, string? MessageId);

/// <summary>An attachment as Ash serializes it (without where it is stored).</summary>
public sealed record AttachmentDto(
    string Id,
    string TenantId,
    string? MessageId,
    string SessionId,
    string Filename,
    string MimeType,
    long Size,
    DateTimeOffset CreatedAt)
{
    public static AttachmentDto From(Attachment attachment) => new(
        attachment.Id.ToString("D"),
        attachment.TenantId,
        attachment.MessageId,
        attachment.SessionId.ToString("D"),
        attachment.Filename,
        attachment.MimeType,
        attachment.Size,
        attachment.CreatedAt);
}

public sealed record AttachmentResponse(AttachmentDto Attachment);

public sealed record AttachmentListResponse(List<AttachmentDto> Attachments);
