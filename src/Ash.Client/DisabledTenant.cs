namespace Ash.Client;

/// <summary>What disabling a tenant did.</summary>
/// <param name="Tenant">The tenant, now disabled.</param>
/// <param name="RevokedKeys">How many keys were deleted.</param>
/// <param name="StoppedSessions">How many running sessions were stopped.</param>
public sealed record DisabledTenant(Tenant Tenant, int RevokedKeys, int StoppedSessions);
