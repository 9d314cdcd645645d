using Ash.Core.Auth;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

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
        var keys = api.MapGroup("/api-keys");
        keys.MapGet("/", ListAsync);
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{id}", RevokeAsync);
        return api;
    }

    internal static IResult KeyNotFound() => ApiErrors.NotFound("API key not found", "api_key_not_found");

    internal static IResult InvalidLabel() =>
        ApiErrors.Validation($"'label' must be at most {IssuedKey.MaxLabelLength} characters, without control characters");

    private static async Task<IResult> ListAsync(HttpContext context, IApiKeyStore keys, CancellationToken cancellationToken)
    {
        var listed = await keys.ListAsync(Tenant.Of(context), cancellationToken);
        return TypedResults.Json(new ApiKeyListResponse(listed.Select(ApiKeyDto.From).ToList()), ApiJsonContext.Default.ApiKeyListResponse);
    }

    private static async Task<IResult> CreateAsync(CreateApiKeyRequest? request, HttpContext context, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
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

        return TypedResults.Json(CreatedApiKeyResponse.From(issued), ApiJsonContext.Default.CreatedApiKeyResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext context, IApiKeyStore keys, KeyRevocations revocations, CancellationToken cancellationToken)
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
