namespace Ash.Dapr.Client;

/// <summary>
/// One write in a state save or transaction: an upsert of raw JSON or a delete, optionally only if the
/// stored ETag still matches; <see cref="FirstWrite"/> without an ETag means "insert only" (§2.2).
/// </summary>
public sealed record StateOperation(string Key, byte[]? Json, string? ETag = null, bool FirstWrite = false)
{
    public bool IsDelete => Json is null;

    public static StateOperation Upsert(string key, byte[] json, string? etag = null) => new(key, json, etag);

    public static StateOperation Insert(string key, byte[] json) => new(key, json, FirstWrite: true);

    public static StateOperation Delete(string key, string? etag = null) => new(key, null, etag);
}
