namespace Ash.Core.Auth;

/// <summary>The outcome of revoking one key.</summary>
public enum KeyRevocation
{
    Revoked,

    /// <summary>No such key in that tenant (another tenant's key is not found either).</summary>
    NotFound,

    /// <summary>Refused: it is the tenant's only key, and the caller asked to keep at least one.</summary>
    LastKey,
}
