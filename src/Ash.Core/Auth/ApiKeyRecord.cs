namespace Ash.Core.Auth;

/// <summary>What is stored about an API key besides its hash: never the key itself.</summary>
/// <param name="KeyPrefix">What a listing shows of the key: the first characters of a generated key, nothing of a configured one.</param>
public sealed record ApiKeyRecord(Guid Id, string TenantId, string Label, string KeyPrefix, DateTimeOffset CreatedAt);
