namespace Ash.Server.Messages;

/// <summary>How the model reads an attachment, by its MIME type; <see cref="Unreadable"/> when it cannot.</summary>
internal enum ModelAttachmentKind
{
    Unreadable,

    /// <summary>An image block, base64.</summary>
    Image,

    /// <summary>A document block, base64 PDF.</summary>
    Pdf,

    /// <summary>A document block of plain text (the bytes must be UTF-8).</summary>
    Text,
}

internal static class ModelAttachmentKinds
{
    /// <summary>What the model reads, for error messages.</summary>
    public const string Supported =
        "image/png, image/jpeg, image/gif, image/webp, application/pdf, and UTF-8 text (text/*, application/json, application/xml, application/x-yaml, application/yaml)";

    /// <summary>The kind of an attachment's MIME type, stored in lower case without parameters (AttachmentNames.MimeType).</summary>
    public static ModelAttachmentKind Of(string mimeType) => mimeType switch
    {
        // The image types the Messages API takes (Anthropic: "Vision", supported formats).
        "image/png" or "image/jpeg" or "image/gif" or "image/webp" => ModelAttachmentKind.Image,
        "application/pdf" => ModelAttachmentKind.Pdf,
        "application/json" or "application/xml" or "application/x-yaml" or "application/yaml" => ModelAttachmentKind.Text,
        _ when mimeType.StartsWith("text/", StringComparison.Ordinal) => ModelAttachmentKind.Text,
        _ => ModelAttachmentKind.Unreadable,
    };
}
