using System.Buffers;
using System.Text;
using System.Text.Json;
using Ash.Core.Errors;

namespace Ash.Server.Messages;

/// <summary>
/// Validates message content as Ash does: a non-empty string of at most 500,000 characters, or an
/// array of at most 20 content blocks of type text, image or document; plus ours, a reference to one of the
/// session's attachments, <c>{"type":"attachment","attachmentId":"&lt;uuid&gt;"}</c> (issue 13).
/// </summary>
/// <param name="Json">The content as the history keeps it.</param>
/// <param name="HasAttachments">Whether it references attachments, which the model gets in their place.</param>
internal sealed record ValidatedContent(string Json, bool HasAttachments);

internal static class MessageContent
{
    public const int MaxBlocks = 20;

    public const string AttachmentType = "attachment";

    public const string AttachmentIdProperty = "attachmentId";

    /// <summary>
    /// The content as the history keeps it: what was sent, with the message's top-level <paramref name="attachments"/>
    /// appended as reference blocks (a string content then becomes a text block before them).
    /// </summary>
    public static Result<ValidatedContent> Validate(JsonElement? content, IReadOnlyList<string>? attachments = null)
    {
        Result<ValidatedContent> shape;
        try
        {
            shape = ValidateShape(content, attachments?.Count ?? 0);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8, or a block type that is not a string.
            return AshError.Validation("'content' must be valid UTF-8 text or content blocks with a string 'type'");
        }

        if (!shape.IsSuccess || attachments is not { Count: > 0 })
        {
            return shape;
        }

        foreach (var id in attachments)
        {
            if (!IsAttachmentId(id))
            {
                return AshError.Validation("'attachments' must hold attachment ids (UUIDs)");
            }
        }

        return new ValidatedContent(WithReferences(content!.Value, attachments), HasAttachments: true);
    }

    private static Result<ValidatedContent> ValidateShape(JsonElement? content, int appended)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (value.Length == 0)
                {
                    return AshError.Validation("'content' must not be empty");
                }

                if (value.Length > 500_000)
                {
                    return AshError.Validation("'content' is at most 500,000 characters");
                }

                return 1 + appended > MaxBlocks
                    ? AshError.Validation($"'content' and 'attachments' hold at most {MaxBlocks} blocks together")
                    : new ValidatedContent(text.GetRawText(), HasAttachments: false);
            case { ValueKind: JsonValueKind.Array } blocks:
                var count = blocks.GetArrayLength();
                if (count is 0 or > MaxBlocks)
                {
                    return AshError.Validation($"'content' holds 1 to {MaxBlocks} blocks");
                }

                if (count + appended > MaxBlocks)
                {
                    return AshError.Validation($"'content' and 'attachments' hold at most {MaxBlocks} blocks together");
                }

                var references = false;
                foreach (var block in blocks.EnumerateArray())
                {
                    if (block.ValueKind != JsonValueKind.Object
                        || !block.TryGetProperty("type", out var type)
                        || type.GetString() is not ("text" or "image" or "document" or AttachmentType))
                    {
                        return AshError.Validation("Each content block needs a type of text, image, document or attachment");
                    }

                    if (type.GetString() == AttachmentType)
                    {
                        if (!IsReference(block))
                        {
                            return AshError.Validation("An attachment block is {\"type\":\"attachment\",\"attachmentId\":\"<uuid>\"} and nothing more");
                        }

                        references = true;
                    }
                }

                return new ValidatedContent(blocks.GetRawText(), references);
            default:
                return AshError.Validation("'content' is required: a string or an array of content blocks");
        }
    }

    /// <summary>Whether a block is exactly a type and an attachment id.</summary>
    public static bool IsReference(JsonElement block)
    {
        var properties = 0;
        foreach (var property in block.EnumerateObject())
        {
            properties++;
            if (property.Name == AttachmentIdProperty
                && (property.Value.ValueKind != JsonValueKind.String || !IsAttachmentId(property.Value.GetString())))
            {
                return false;
            }
        }

        return properties == 2 && block.TryGetProperty(AttachmentIdProperty, out _);
    }

    /// <summary>Attachment ids are UUIDs in their usual form, as the attachment routes take them.</summary>
    private static bool IsAttachmentId(string? id) => Guid.TryParseExact(id, "D", out _);

    private static string WithReferences(JsonElement content, IReadOnlyList<string> attachments)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartArray();
            if (content.ValueKind == JsonValueKind.String)
            {
                writer.WriteStartObject();
                writer.WriteString("type", "text");
                writer.WritePropertyName("text");
                content.WriteTo(writer);
                writer.WriteEndObject();
            }
            else
            {
                foreach (var block in content.EnumerateArray())
                {
                    block.WriteTo(writer);
                }
            }

            foreach (var id in attachments)
            {
                writer.WriteStartObject();
                writer.WriteString("type", AttachmentType);
                writer.WriteString(AttachmentIdProperty, id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
