using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ash.Core.Attachments;
using Ash.Core.Errors;

namespace Ash.Server.Messages;

/// <summary>A message's content as the model gets it, and the attachments it carries.</summary>
/// <param name="ModelContentJson">The content with every attachment reference replaced by the block the model reads.</param>
/// <param name="AttachmentIds">The attachments referenced, each once, in the order first referenced.</param>
internal sealed record ResolvedContent(string ModelContentJson, IReadOnlyList<Guid> AttachmentIds);

/// <summary>
/// Replaces a message's <c>{"type":"attachment","attachmentId":…}</c> blocks by what the model reads (issue 13):
/// an image block, a PDF document block or a text document block, with the attachment's bytes. Done where the
/// database is, before the message is queued: the session actor (and, in Dapr mode, the call to it) gets
/// the resolved content, the history keeps the references.
/// </summary>
internal static partial class AttachmentBlocks
{
    /// <summary>
    /// The largest image the Messages API takes is 5 MiB of base64 (it measures the encoded data), so at most
    /// 3 MiB 768 KiB of image.
    /// </summary>
    public const long MaxImageBytes = 5L * 1024 * 1024 / 4 * 3;

    /// <summary>
    /// The most the attachments of one message may come to as the model gets them (base64 or JSON text):
    /// the Messages API takes requests of up to 32 MB, the conversation and the agent's tools included.
    /// </summary>
    public const long MaxMessageBytes = 24L * 1024 * 1024;

    private const string NotFoundCode = "attachment_not_found";

    private const string TooLargeCode = "attachment_too_large_for_model";

    private const string UnsupportedCode = "unsupported_attachment_type";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The content goes to the agent's stdin, never into a web page: non-ASCII text stays as it is, not \uXXXX.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="contentJson">Content that passed <see cref="MessageContent.Validate"/>.</param>
    public static async Task<Result<ResolvedContent>> ResolveAsync(
        string contentJson, string tenantId, Guid sessionId, IAttachmentStore store, CancellationToken cancellationToken)
    {
        if (!contentJson.StartsWith('['))
        {
            return new ResolvedContent(contentJson, []);
        }

        using var document = JsonDocument.Parse(contentJson);
        var ids = new List<Guid>();
        var references = new Dictionary<Guid, int>();
        foreach (var block in document.RootElement.EnumerateArray())
        {
            if (ReferencedId(block) is { } id)
            {
                if (references.TryAdd(id, 1))
                {
                    ids.Add(id);
                }
                else
                {
                    references[id]++;
                }
            }
        }

        if (ids.Count == 0)
        {
            return new ResolvedContent(contentJson, []);
        }

        var resolved = new Dictionary<Guid, (Attachment Attachment, byte[] Content)>();
        long expected = 0;
        foreach (var id in ids)
        {
            // Another session's attachment, or another tenant's, reads exactly as one that does not exist.
            if (await store.GetAsync(tenantId, id, cancellationToken) is not { } attachment || attachment.SessionId != sessionId)
            {
                return NotFound(id);
            }

            var kind = ModelAttachmentKinds.Of(attachment.MimeType);
            if (kind == ModelAttachmentKind.Unreadable)
            {
                return AshError.Validation(
                    $"Attachment '{attachment.Filename}' is {attachment.MimeType}, which the model cannot read; it reads {ModelAttachmentKinds.Supported}",
                    UnsupportedCode);
            }

            if (kind == ModelAttachmentKind.Image && attachment.Size > MaxImageBytes)
            {
                return AshError.Validation(
                    $"Attachment '{attachment.Filename}' is an image of {attachment.Size} bytes; the model takes images of at most {MaxImageBytes} bytes (5 MiB in base64)",
                    TooLargeCode);
            }

            // Refused before any bytes are read when the attachments alone are too much.
            expected += references[id] * (kind == ModelAttachmentKind.Text ? attachment.Size : Base64Length(attachment.Size));
            if (expected > MaxMessageBytes)
            {
                return MessageTooLarge();
            }

            if (await store.GetContentAsync(tenantId, id, cancellationToken) is not { } content)
            {
                return NotFound(id);
            }

            if (kind == ModelAttachmentKind.Text && !IsUtf8(content))
            {
                return AshError.Validation(
                    $"Attachment '{attachment.Filename}' is {attachment.MimeType} but not UTF-8 text; the model reads {ModelAttachmentKinds.Supported}",
                    UnsupportedCode);
            }

            resolved[id] = (attachment, content);
        }

        // Text grows when written as JSON (quotes, control characters): what the model gets is measured again.
        var modelContent = Write(document.RootElement, resolved, out var written);
        return written - Encoding.UTF8.GetByteCount(contentJson) > MaxMessageBytes ? MessageTooLarge() : new ResolvedContent(modelContent, ids);
    }

    /// <summary>
    /// Marks the attachments as uploaded for the message, those that were not already uploaded for one. Best effort:
    /// the turn is queued by then, so a failure here is logged and costs only the link, never the turn's stream.
    /// </summary>
    public static async Task LinkAsync(
        ResolvedContent content, string tenantId, Guid sessionId, Guid messageId, IAttachmentStore store, ILogger logger, CancellationToken cancellationToken)
    {
        if (content.AttachmentIds.Count == 0)
        {
            return;
        }

        try
        {
            await store.LinkToMessageAsync(tenantId, sessionId, content.AttachmentIds, messageId.ToString("D"), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LinkFailed(logger, sessionId, messageId, exception);
        }
    }

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "The attachments of message {MessageId} of session {SessionId} could not be linked to it; the turn goes on")]
    private static partial void LinkFailed(ILogger logger, Guid sessionId, Guid messageId, Exception exception);

    private static Guid? ReferencedId(JsonElement block) =>
        block.TryGetProperty("type", out var type) && type.ValueEquals(MessageContent.AttachmentType)
            ? Guid.ParseExact(block.GetProperty(MessageContent.AttachmentIdProperty).GetString()!, "D")
            : null;

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    private static bool IsUtf8(byte[] content)
    {
        try
        {
            StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string Write(JsonElement blocks, Dictionary<Guid, (Attachment Attachment, byte[] Content)> resolved, out long written)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartArray();
            foreach (var block in blocks.EnumerateArray())
            {
                if (ReferencedId(block) is { } id)
                {
                    var (attachment, content) = resolved[id];
                    WriteBlock(writer, attachment, content);
                }
                else
                {
                    block.WriteTo(writer);
                }
            }

            writer.WriteEndArray();
        }

        written = output.WrittenCount;
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>The Messages API's image and document blocks (Anthropic: "Vision", "PDF support", plain-text documents).</summary>
    private static void WriteBlock(Utf8JsonWriter writer, Attachment attachment, byte[] content)
    {
        var kind = ModelAttachmentKinds.Of(attachment.MimeType);
        writer.WriteStartObject();
        writer.WriteString("type", kind == ModelAttachmentKind.Image ? "image" : "document");
        writer.WriteStartObject("source");
        switch (kind)
        {
            case ModelAttachmentKind.Image or ModelAttachmentKind.Pdf:
                writer.WriteString("type", "base64");
                writer.WriteString("media_type", attachment.MimeType);
                writer.WriteBase64String("data", content);
                break;
            default:
                writer.WriteString("type", "text");
                writer.WriteString("media_type", "text/plain");
                writer.WriteString("data", StrictUtf8.GetString(content));
                break;
        }

        writer.WriteEndObject();
        if (kind != ModelAttachmentKind.Image)
        {
            writer.WriteString("title", attachment.Filename);
        }

        writer.WriteEndObject();
    }

    private static AshError NotFound(Guid id) => AshError.Validation($"Attachment {id:D} was not found in this session", NotFoundCode);

    private static AshError MessageTooLarge() => AshError.Validation(
        $"The attachments of this message come to more than the model takes in one message ({MaxMessageBytes} bytes as sent to it); send them over several messages",
        TooLargeCode);
}
