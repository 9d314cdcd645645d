using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Ash.Client.Wire;

namespace Ash.Client.Streaming;

// Turns a text/event-stream body into AshEvents as frames arrive. The framework's
// SseParser does the framing (id/event/multi-line data, comments, CR/LF/CRLF) per the
// WHATWG spec and yields each event as soon as its terminating blank line has been read.
internal static class AshEventStream
{
    public static async IAsyncEnumerable<AshEvent> ReadAsync(
        Stream body,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = SseParser.Create(body, ParseData);
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            yield return new AshEvent(ParseId(item.EventId), item.EventType, item.Data);
        }
    }

    private static long? ParseId(string? eventId) =>
        long.TryParse(eventId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    private static JsonElement ParseData(string eventType, ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            return JsonElement.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            // The contract promises one-line JSON, but a proxy or a future server may send plain text;
            // keep it as a JSON string rather than failing the whole stream.
            return JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(data), AshJsonContext.Default.String);
        }
    }
}
