namespace Ash.Core.Credentials;

/// <summary>
/// Whether sessions may use stored credentials on this deployment. The model proxy opens a session's
/// credential per request from the database with the key ring; on Dapr with split apps the sandbox node has
/// neither (only the api and sessions apps share the read model), so there a <c>credentialId</c> is refused
/// at create instead of failing at the first model request (issue 13: embedded mode, and Dapr with every role
/// in one app, for now).
/// </summary>
public sealed record CredentialSupport(string? RefusalForSessions)
{
    public static CredentialSupport Full { get; } = new((string?)null);
}
