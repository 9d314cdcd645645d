using System.Buffers;
using System.Text.Json;
using Ash.Core.Sandboxes.Logs;

namespace Ash.Sandbox.Logs;

/// <summary>One log entry as one line of JSON: <c>{"index":0,"level":"system","text":"…","ts":"…"}</c>.</summary>
internal static class SandboxLogLine
{
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    public static void Write(ArrayBufferWriter<byte> buffer, SandboxLogEntry entry)
    {
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("index", entry.Index);
            json.WriteString("level", entry.Level);
            json.WriteString("text", entry.Text);
            json.WriteString("ts", entry.Timestamp);
            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    /// <summary>False for anything but a whole entry (a line cut short by a crash mid-write is skipped).</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out SandboxLogEntry entry)
    {
        entry = null!;
        try
        {
            var reader = new Utf8JsonReader(line);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            long? index = null;
            string? level = null;
            string? text = null;
            DateTimeOffset? timestamp = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                if (!reader.Read())
                {
                    return false;
                }

                switch (name)
                {
                    case "index" when reader.TokenType == JsonTokenType.Number:
                        index = reader.GetInt64();
                        break;
                    case "level" when reader.TokenType == JsonTokenType.String:
                        level = reader.GetString();
                        break;
                    case "text" when reader.TokenType == JsonTokenType.String:
                        text = reader.GetString();
                        break;
                    case "ts" when reader.TokenType == JsonTokenType.String:
                        timestamp = reader.GetDateTimeOffset();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || index is null || level is null || text is null || timestamp is null)
            {
                return false;
            }

            entry = new SandboxLogEntry(index.Value, level, text, timestamp.Value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
