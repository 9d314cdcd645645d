namespace Ash.Core.Attachments;

/// <summary>
/// A file a client uploaded for a session (an image, a PDF, a text) to give the model; its bytes live
/// on the server's disk, this is the record of them.
/// </summary>
/// <param name="MessageId">The message it was uploaded for, when the client said; null until then.</param>
/// <param name="Filename">The name the client gave, reduced to a safe base name.</param>
public sealed record Attachment(
    Guid Id,
    string TenantId,
    Guid SessionId,
    string? MessageId,
    string Filename,
    string MimeType,
    long Size,
    DateTimeOffset CreatedAt);
