using System.Text.Json;
using Ash.Core.Errors;

namespace Ash.Server.Messages;

/// <summary>
/// Validates message content as Ash does: a non-empty string of at most 500,000 characters, or an
/// array of at most 20 content blocks of type text, image or document.
/// </summary>
internal static class MessageContent
{
    public static Result<string> Validate(JsonElement? content)
    {
        try
        {
            return ValidateShape(content);
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8, or a block type that is not a string.
            return AshError.Validation("'content' must be valid UTF-8 text or content blocks with a string 'type'");
        }
    }

    private static Result<string> ValidateShape(JsonElement? content)
    {
        switch (content)
        {
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (value.Length == 0)
                {
                    return AshError.Validation("'content' must not be empty");
                }

                return value.Length > 500_000
                    ? AshError.Validation("'content' is at most 500,000 characters")
                    : text.GetRawText();
            case { ValueKind: JsonValueKind.Array } blocks:
                var count = blocks.GetArrayLength();
                if (count is 0 or > 20)
                {
                    return AshError.Validation("'content' holds 1 to 20 blocks");
                }

                foreach (var block in blocks.EnumerateArray())
                {
                    if (block.ValueKind != JsonValueKind.Object
                        || !block.TryGetProperty("type", out var type)
                        || type.GetString() is not ("text" or "image" or "document"))
                    {
                        return AshError.Validation("Each content block needs a type of text, image or document");
                    }
                }

                return blocks.GetRawText();
            default:
                return AshError.Validation("'content' is required: a string or an array of content blocks");
        }
    }
}
