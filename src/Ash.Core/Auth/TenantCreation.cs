namespace Ash.Core.Auth;

/// <summary>The outcome of creating a tenant with its first key.</summary>
public enum TenantCreation
{
    Created,

    /// <summary>The id is taken, by a live or a disabled tenant (ids are never reused: old data keeps its owner).</summary>
    Exists,
}
