namespace Ash.Core.Auth;

/// <summary>A tenant: the owner of keys, agents and sessions. A disabled tenant has no keys and gets no new ones.</summary>
public sealed record TenantRecord(string Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt);
