using Ash.Core.Auth;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.ApiKeys;

/// <summary>
/// The caller's tenant's keys (Ash's <c>/api/api-keys</c>). Unlike Ash, revocation is tenant-checked:
/// another tenant's key id is not found. A tenant's last key cannot be revoked here (409
/// <c>last_api_key</c>): that would lock the tenant out for good; the admin API can.
/// </summary>
public static class ApiKeysApi
{
    /// <summary>Ash's label for a key made without one.</summary>
    public const string DefaultLabel = "dashboard-key";

    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys");
        keys.MapGet("/", ListAsync).WithName("listApiKeys").WithSummary("List the tenant's API keys (never the keys themselves)");
        keys.MapPost("/", CreateAsync).WithName("createApiKey").WithSummary("Create an API key (its plaintext is shown this once)").ProducesErrors(400);
        keys.MapDelete("/{id}", RevokeAsync).WithName("revokeApiKey").WithSummary("Revoke an API key").ProducesErrors(409);
        return api;
    }

    internal static ErrorResult KeyNotFound() => ApiErrors.NotFound("API key not found", "api_key_not_found");

    internal static ErrorResult InvalidLabel() =>
        ApiErrors.Validation($"'label' must be at most {IssuedKey.MaxLabelLength} characters, without control characters");

    private static async Task<Ok<ApiKeyListResponse>> ListAsync(HttpContext context, IApiKeyStore keys, CancellationToken cancellationToken)
    {
        var listed = await keys.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Ok(new ApiKeyListResponse(listed.Select(ApiKeyDto.From).ToList()));
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ErrorResult>> CreateAsync(CreateApiKeyRequest? request, HttpContext context, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IssuedKey.IsValidLabel(request?.Label))
        {
            return InvalidLabel();
        }

        var issued = IssuedKey.New(Tenant.Of(context), string.IsNullOrEmpty(request?.Label) ? DefaultLabel : request.Label, time);
        if (!await keys.CreateAsync(issued.Record, issued.Hash, cancellationToken))
        {
            // The tenant was disabled after this request was authenticated: its keys are gone with it.
            return ApiErrors.Create(StatusCodes.Status401Unauthorized, "invalid_api_key", "Invalid API key");
        }

        return TypedResults.Created(default(string), CreatedApiKeyResponse.From(issued));
    }

    private static async Task<Results<NoContent, ErrorResult>> RevokeAsync(string id, HttpContext context, IApiKeyStore keys, KeyRevocations revocations, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(id, "D", out var keyId))
        {
            return KeyNotFound();
        }

        var outcome = await keys.RevokeAsync(Tenant.Of(context), keyId, keepLastKey: true, cancellationToken);
        switch (outcome)
        {
            case KeyRevocation.Revoked:
                revocations.Revoked([keyId]);
                return TypedResults.NoContent();
            case KeyRevocation.LastKey:
                return ApiErrors.Create(
                    StatusCodes.Status409Conflict,
                    "last_api_key",
                    "This is the tenant's only API key; create another before revoking it (or ask an admin to)");
            default:
                return KeyNotFound();
        }
    }
}
