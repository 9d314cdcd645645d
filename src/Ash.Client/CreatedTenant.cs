namespace Ash.Client;

/// <summary>A new tenant and its first key.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Key">Its first key, whose plaintext is shown this once.</param>
public sealed record CreatedTenant(Tenant Tenant, CreatedApiKey Key);
