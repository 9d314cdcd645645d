namespace Ash.Core.Credentials;

/// <summary>
/// A tenant's stored model credential. <see cref="SealedKey"/> is the key as sealed by the server's
/// <see cref="Secrets.ISecretProtector"/>; the plaintext exists only in the model proxy, per request.
/// </summary>
/// <param name="BaseUrl">The Anthropic-compatible endpoint of a <c>custom</c> credential; null for <c>anthropic</c> (the server's configured upstream).</param>
public sealed record Credential(
    Guid Id,
    string TenantId,
    string Type,
    string Label,
    string SealedKey,
    string? BaseUrl,
    bool Active,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt);
