using System.Text;
using System.Text.Json;

namespace Ash.Testing.DaprSidecar.State;

/// <summary>Reads the items of a save or transaction request into <see cref="StateOperation"/>s.</summary>
internal static class StateRequestParser
{
    /// <summary>One <c>{key, value, etag?, options?}</c> item; <paramref name="isDelete"/> ignores <c>value</c>.</summary>
    public static StateOperation? ReadItem(JsonElement item, bool isDelete, string appId, StateStore store, bool applyKeyPrefix, out string? problem)
    {
        problem = null;
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var keyElement) || keyElement.ValueKind != JsonValueKind.String
            || keyElement.GetString() is not { Length: > 0 } key)
        {
            problem = "every item needs a non-empty string \"key\"";
            return null;
        }

        if (key.Contains("||", StringComparison.Ordinal))
        {
            problem = $"input key/keyPrefix '{key}' can't contain '||'";
            return null;
        }

        byte[]? json = null;
        if (!isDelete)
        {
            json = item.TryGetProperty("value", out var value) ? Encoding.UTF8.GetBytes(value.GetRawText()) : "null"u8.ToArray();
        }

        string? etag = item.TryGetProperty("etag", out var etagElement) && etagElement.ValueKind == JsonValueKind.String && etagElement.GetString() is { Length: > 0 } text
            ? text
            : null;
        var firstWrite = item.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("concurrency", out var concurrency) && concurrency.ValueKind == JsonValueKind.String
            && string.Equals(concurrency.GetString(), "first-write", StringComparison.OrdinalIgnoreCase);
        var storedKey = applyKeyPrefix ? StateStores.StoredKey(store, appId, key) : key;
        return new StateOperation(storedKey, json, etag, firstWrite);
    }
}
