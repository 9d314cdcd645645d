using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>Lists the keys of the caller's tenant.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(HttpMethod.Get, "api/api-keys", content: null, AshJsonContext.Default.ApiKeyListResponse, cancellationToken);
        return response.Keys;
    }

    /// <summary>Makes a new key for the caller's tenant.</summary>
    /// <param name="label">What the key is for; the server's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The key, whose plaintext is shown this once.</returns>
    public Task<CreatedApiKey> CreateApiKeyAsync(string? label = null, CancellationToken cancellationToken = default)
    {
        var body = JsonContent.Create(new CreateApiKeyRequest(label), AshJsonContext.Default.CreateApiKeyRequest);
        return SendAsync(HttpMethod.Post, "api/api-keys", body, AshJsonContext.Default.CreatedApiKey, cancellationToken);
    }

    /// <summary>Revokes one of the caller's tenant's keys; requests with it fail from the next one on.</summary>
    /// <param name="id">The key's id, from <see cref="ListApiKeysAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when the tenant has no such key; 409 (<c>last_api_key</c>) for the tenant's only key.</exception>
    public Task RevokeApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return SendAsync(HttpMethod.Delete, $"api/api-keys/{Escape(id)}", content: null, cancellationToken);
    }
}
