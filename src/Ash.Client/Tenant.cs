namespace Ash.Client;

/// <summary>A tenant, as the admin API shows it.</summary>
/// <param name="Id">The tenant's id.</param>
/// <param name="Label">A free-form description.</param>
/// <param name="CreatedAt">When the tenant was created (for tenants that predate the admin API: its first key).</param>
/// <param name="DisabledAt">When the tenant was disabled; <see langword="null"/> while it is live.</param>
public sealed record Tenant(string Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
