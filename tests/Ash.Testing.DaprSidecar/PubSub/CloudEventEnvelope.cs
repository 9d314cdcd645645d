using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ash.Testing.DaprSidecar.PubSub;

/// <summary>Wraps a published body in Dapr's CloudEvent envelope (reference §3.1–3.2; components-contrib pubsub/envelope.go).</summary>
internal static class CloudEventEnvelope
{
    public const string ContentType = "application/cloudevents+json";

    /// <summary>Null when a <c>application/cloudevents+json</c> body is not a JSON object.</summary>
    public static JsonObject? Create(byte[] body, string? contentType, string pubsub, string topic, string sourceAppId, EnvelopeOverrides overrides, DateTimeOffset now)
    {
        var mediaType = (contentType ?? "text/plain").Split(';')[0].Trim();
        JsonObject envelope;
        if (string.Equals(mediaType, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParse(body, out var parsed) || parsed is not JsonObject given)
            {
                return null;
            }

            envelope = given;
        }
        else
        {
            envelope = new JsonObject { ["datacontenttype"] = contentType ?? "text/plain" };
            if (IsJson(mediaType) && TryParse(body, out var json))
            {
                envelope["data"] = json;
            }
            else if (string.Equals(mediaType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
            {
                envelope["data_base64"] = Convert.ToBase64String(body);
            }
            else
            {
                envelope["data"] = Encoding.UTF8.GetString(body);
            }
        }

        SetIfMissing(envelope, "specversion", "1.0");
        SetIfMissing(envelope, "id", overrides.Id ?? Guid.NewGuid().ToString());
        SetIfMissing(envelope, "source", overrides.Source ?? sourceAppId);
        SetIfMissing(envelope, "type", overrides.Type ?? "com.dapr.event.sent");
        SetIfMissing(envelope, "time", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
        if (overrides.TraceParent is { } traceParent)
        {
            SetIfMissing(envelope, "traceparent", traceParent);
            SetIfMissing(envelope, "traceid", traceParent);
        }

        if (overrides.TraceState is { } traceState)
        {
            SetIfMissing(envelope, "tracestate", traceState);
        }

        envelope["topic"] = topic;
        envelope["pubsubname"] = pubsub;
        return envelope;
    }

    private static bool IsJson(string mediaType) =>
        string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static bool TryParse(byte[] body, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }

    private static void SetIfMissing(JsonObject envelope, string name, string value)
    {
        if (envelope[name] is null)
        {
            envelope[name] = value;
        }
    }
}
