using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Testing.DaprSidecar.State;

/// <summary>A bulk-get answer item; the value is in <c>data</c>, not <c>value</c> (reference §2.1, pitfall 13).</summary>
internal sealed record BulkStateItem(string Key, JsonElement? Data, [property: JsonPropertyName("etag")] string? ETag);
