using Ash.Core.Auth;

namespace Ash.Server.ApiKeys;

/// <summary>A freshly generated key: its plaintext (handed out once, never stored), its hash and its record.</summary>
public sealed record IssuedKey(string Key, string Hash, ApiKeyRecord Record)
{
    public const int MaxLabelLength = 200;

    public static IssuedKey New(string tenantId, string label, TimeProvider time)
    {
        var key = ApiKeyHash.Generate();
        return new IssuedKey(key, ApiKeyHash.Hash(key), new ApiKeyRecord(Guid.NewGuid(), tenantId, label, ApiKeyHash.DisplayPrefix(key), time.GetUtcNow()));
    }

    /// <summary>True for no label, or one of at most <see cref="MaxLabelLength"/> characters without control characters.</summary>
    public static bool IsValidLabel(string? label) =>
        label is null || (label.Length <= MaxLabelLength && !label.Any(char.IsControl));
}
