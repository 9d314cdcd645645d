using Ash.Core.Errors;
using Ash.Core.Secrets;

namespace Ash.Core.Credentials;

/// <summary>
/// Tenants' model credentials: sealed before they are stored, opened only where a model request needs
/// them (the proxy of a session created with the credential), never returned by the API.
/// </summary>
public sealed class ModelCredentials(ICredentialStore store, ISecretProtector protector, CredentialSupport support, TimeProvider time) : IModelCredentialSource
{
    public async Task<Credential> CreateAsync(string tenantId, string type, string key, string label, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var credential = new Credential(Guid.NewGuid(), tenantId, type, label, protector.Seal(key), baseUrl?.ToString(), Active: true, time.GetUtcNow(), LastUsedAt: null);
        await store.AddAsync(credential, cancellationToken);
        return credential;
    }

    public Task<IReadOnlyList<Credential>> ListAsync(string tenantId, CancellationToken cancellationToken) => store.ListAsync(tenantId, cancellationToken);

    public Task<bool> DeleteAsync(string tenantId, Guid id, CancellationToken cancellationToken) => store.DeleteAsync(tenantId, id, cancellationToken);

    /// <summary>Whether the server can still open the credential (false after its key ring was lost).</summary>
    public bool IsUsable(Credential credential) => credential.Active && protector.TryOpen(credential.SealedKey, out _);

    /// <summary>Checks a session's <c>credentialId</c> at create and records the use; every problem is a 400 naming the id.</summary>
    public async Task<Result<Guid>> ClaimForSessionAsync(string tenantId, string credentialId, CancellationToken cancellationToken)
    {
        if (support.RefusalForSessions is { } refusal)
        {
            return AshError.Validation($"Cannot use credential '{credentialId}': {refusal}", "credentials_unsupported");
        }

        if (!Guid.TryParseExact(credentialId, "D", out var id))
        {
            return AshError.Validation($"Invalid credential '{credentialId}': not found", "invalid_credential");
        }

        var opened = await OpenAsync(tenantId, id, cancellationToken);
        if (!opened.IsSuccess)
        {
            return AshError.Validation($"Invalid credential '{credentialId}': {opened.Error.Message}", opened.Error.Code == "credential_not_found" ? "invalid_credential" : opened.Error.Code);
        }

        await store.MarkUsedAsync(tenantId, id, time.GetUtcNow(), cancellationToken);
        return id;
    }

    public async Task<Result<OpenedCredential>> OpenAsync(string tenantId, Guid credentialId, CancellationToken cancellationToken)
    {
        var credential = await store.GetAsync(tenantId, credentialId, cancellationToken);
        if (credential is null)
        {
            return AshError.NotFound("not found (it was deleted, or never existed for this tenant)", "credential_not_found");
        }

        if (!credential.Active)
        {
            return AshError.Validation("the credential is not active", "credential_unusable");
        }

        if (!protector.TryOpen(credential.SealedKey, out var key))
        {
            return AshError.Validation(
                "the credential cannot be decrypted: the server's key ring no longer holds the key it was sealed with; store the credential again",
                "credential_unusable");
        }

        return new OpenedCredential(credential.Id, credential.Type, key, credential.BaseUrl is null ? null : new Uri(credential.BaseUrl));
    }
}
