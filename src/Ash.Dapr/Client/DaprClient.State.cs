using System.Buffers;
using System.Net;
using System.Text.Json;

namespace Ash.Dapr.Client;

// State API (dapr-http-api.md §2): GET 200/204, save 204 (409 on an ETag mismatch), transaction 204
// (any store failure, ETag mismatches included, is a 500 ERR_STATE_TRANSACTION there).
public sealed partial class DaprClient
{
    public async Task<StateEntry?> GetStateAsync(string store, string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            Request(HttpMethod.Get, $"v1.0/state/{Segment(store)}/{Segment(key)}?consistency=strong"),
            "state get", cancellationToken, HttpStatusCode.OK, HttpStatusCode.NoContent);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        var etag = response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault()?.Trim('"') : null;
        return new StateEntry(key, await ReadBodyAsync(response, "state read", cancellationToken), etag);
    }

    /// <summary>Saves every item; with ETags, a mismatch throws a <see cref="DaprException"/> whose <see cref="DaprException.IsETagMismatch"/> is true.</summary>
    public async Task SaveStateAsync(string store, IReadOnlyList<StateOperation> items, CancellationToken cancellationToken)
    {
        var body = Write(json =>
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                WriteItem(json, item);
            }

            json.WriteEndArray();
        });
        using var _ = await SendAsync(Request(HttpMethod.Post, $"v1.0/state/{Segment(store)}", body), "state save", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    public async Task DeleteStateAsync(string store, string key, string? etag, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Delete, $"v1.0/state/{Segment(store)}/{Segment(key)}");
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        using var _ = await SendAsync(request, "state delete", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    /// <summary>All operations or none. A stale ETag fails the whole transaction (daprd answers 500, not 409).</summary>
    public async Task TransactStateAsync(string store, IReadOnlyList<StateOperation> operations, CancellationToken cancellationToken)
    {
        var body = Write(json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("operations");
            foreach (var operation in operations)
            {
                json.WriteStartObject();
                json.WriteString("operation", operation.IsDelete ? "delete" : "upsert");
                json.WritePropertyName("request");
                WriteItem(json, operation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
        using var _ = await SendAsync(Request(HttpMethod.Post, $"v1.0/state/{Segment(store)}/transaction", body), "state transaction", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    private static void WriteItem(Utf8JsonWriter json, StateOperation item)
    {
        json.WriteStartObject();
        json.WriteString("key", item.Key);
        if (item.Json is { } value)
        {
            json.WritePropertyName("value");
            json.WriteRawValue(value, skipInputValidation: false);
        }

        if (item.ETag is not null)
        {
            json.WriteString("etag", item.ETag);
        }

        // first-write makes the store check the ETag, or, without one, refuse an existing key (§2.2).
        if (item.FirstWrite || item.ETag is not null)
        {
            json.WriteStartObject("options");
            json.WriteString("concurrency", "first-write");
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenMemory;
    }
}
