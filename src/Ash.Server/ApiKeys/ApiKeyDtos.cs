using Ash.Core.Auth;

namespace Ash.Server.ApiKeys;

/// <summary>A key as listed: never the key, never its hash (Ash's <c>{id, label, keyPrefix, createdAt}</c>).</summary>
public sealed record ApiKeyDto(string Id, string Label, string KeyPrefix, DateTimeOffset CreatedAt)
{
    public static ApiKeyDto From(ApiKeyRecord key) => new(key.Id.ToString("D"), key.Label, key.KeyPrefix, key.CreatedAt);
}

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyDto> Keys);

public sealed record CreateApiKeyRequest(string? Label);

/// <summary>A new key: the only time its plaintext is shown (Ash answers <c>{id, key}</c>; the rest is ours).</summary>
public sealed record CreatedApiKeyResponse(string Id, string Key, string Label, string KeyPrefix, DateTimeOffset CreatedAt)
{
    public static CreatedApiKeyResponse From(IssuedKey issued) =>
        new(issued.Record.Id.ToString("D"), issued.Key, issued.Record.Label, issued.Record.KeyPrefix, issued.Record.CreatedAt);
}
