using System.Text.Json;

namespace Ash.Testing.StubRuntime;

internal enum InboundLineKind
{
    Other,
    User,
    ControlRequest,
}

/// <summary>Peeks a stream-json input line's <c>type</c> and <c>request_id</c> without building a document.</summary>
internal static class InboundLine
{
    public static InboundLineKind Classify(ReadOnlySpan<byte> line, out string? requestId)
    {
        requestId = null;
        var kind = InboundLineKind.Other;
        var reader = new Utf8JsonReader(line);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return InboundLineKind.Other;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isRequestId = !isType && reader.ValueTextEquals("request_id"u8);
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                }
                else if (isType)
                {
                    kind = reader.ValueTextEquals("user"u8) ? InboundLineKind.User
                        : reader.ValueTextEquals("control_request"u8) ? InboundLineKind.ControlRequest
                        : InboundLineKind.Other;
                }
                else if (isRequestId)
                {
                    requestId = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the real CLI would reject the line too; the stub just ignores it.
            return InboundLineKind.Other;
        }

        return kind;
    }
}
