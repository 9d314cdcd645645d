using Ash.Core.Errors;

namespace Ash.Core.Credentials;

/// <summary>What the model proxy asks, per request, for a session created with a <c>credentialId</c>.</summary>
public interface IModelCredentialSource
{
    /// <summary>
    /// The credential opened, or an error: <c>credential_not_found</c> (deleted, or never this tenant's) or
    /// <c>credential_unusable</c> (inactive, or sealed under a key the server no longer has).
    /// </summary>
    Task<Result<OpenedCredential>> OpenAsync(string tenantId, Guid credentialId, CancellationToken cancellationToken);
}
