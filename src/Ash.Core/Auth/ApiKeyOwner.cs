namespace Ash.Core.Auth;

/// <summary>Who a presented key belongs to: the key's id (what revocation names) and its tenant.</summary>
public sealed record ApiKeyOwner(Guid KeyId, string TenantId);
