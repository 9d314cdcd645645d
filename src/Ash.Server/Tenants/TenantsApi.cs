using Ash.Core.Auth;
using Ash.Server.ApiKeys;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Ash.Server.Json;

namespace Ash.Server.Tenants;

/// <summary>
/// The admin API (<c>/api/admin</c>, the admin key only): tenants and their keys. Ash creates tenants
/// through an internal route behind a shared secret; here it is a real API (README, "Tenants and the admin API").
/// </summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder admin)
    {
        var tenants = admin.MapGroup("/tenants");
        tenants.MapPost("/", CreateAsync);
        tenants.MapGet("/", ListAsync);
        tenants.MapGet("/{tenantId}", GetAsync);
        tenants.MapDelete("/{tenantId}", DisableAsync);
        tenants.MapGet("/{tenantId}/keys", ListKeysAsync);
        tenants.MapPost("/{tenantId}/keys", CreateKeyAsync);
        tenants.MapDelete("/{tenantId}/keys/{keyId}", RevokeKeyAsync);
        return admin;
    }

    private static IResult TenantNotFound() => ApiErrors.NotFound("Tenant not found", "tenant_not_found");

    private static IResult TenantDisabled() =>
        ApiErrors.Create(StatusCodes.Status409Conflict, "tenant_disabled", "The tenant is disabled; it gets no new keys");

    private static async Task<IResult> CreateAsync(CreateTenantRequest? request, ITenantStore tenants, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null || !TenantIds.IsValid(request.Id))
        {
            return ApiErrors.Validation($"'id' is required: 1-{TenantIds.MaxLength} lowercase letters, digits, '-' and '_', starting with a letter or digit");
        }

        if (!IssuedKey.IsValidLabel(request.Label) || !IssuedKey.IsValidLabel(request.KeyLabel))
        {
            return ApiKeysApi.InvalidLabel();
        }

        var tenant = new TenantRecord(request.Id!, request.Label ?? string.Empty, time.GetUtcNow(), null);
        var key = IssuedKey.New(tenant.Id, string.IsNullOrEmpty(request.KeyLabel) ? $"platform-{tenant.Id}" : request.KeyLabel, time);
        if (await tenants.CreateAsync(tenant, key.Record, key.Hash, cancellationToken) == TenantCreation.Exists)
        {
            return ApiErrors.Create(StatusCodes.Status409Conflict, "tenant_exists", $"Tenant '{tenant.Id}' exists (ids of disabled tenants stay taken)");
        }

        return TypedResults.Json(
            new CreatedTenantResponse(TenantDto.From(tenant), CreatedApiKeyResponse.From(key)),
            ApiJsonContext.Default.CreatedTenantResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(ITenantStore tenants, CancellationToken cancellationToken)
    {
        var listed = await tenants.ListAsync(cancellationToken);
        return TypedResults.Json(new TenantListResponse(listed.Select(TenantDto.From).ToList()), ApiJsonContext.Default.TenantListResponse);
    }

    private static async Task<IResult> GetAsync(string tenantId, ITenantStore tenants, CancellationToken cancellationToken) =>
        await tenants.GetAsync(tenantId, cancellationToken) is { } tenant
            ? TypedResults.Json(new TenantResponse(TenantDto.From(tenant)), ApiJsonContext.Default.TenantResponse)
            : TenantNotFound();

    private static async Task<IResult> DisableAsync(string tenantId, TenantShutdown shutdown, CancellationToken cancellationToken) =>
        await shutdown.DisableAsync(tenantId, cancellationToken) is { } done
            ? TypedResults.Json(new DisabledTenantResponse(TenantDto.From(done.Tenant), done.RevokedKeys, done.StoppedSessions), ApiJsonContext.Default.DisabledTenantResponse)
            : TenantNotFound();

    private static async Task<IResult> ListKeysAsync(string tenantId, ITenantStore tenants, IApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (await tenants.GetAsync(tenantId, cancellationToken) is null)
        {
            return TenantNotFound();
        }

        var listed = await keys.ListAsync(tenantId, cancellationToken);
        return TypedResults.Json(new ApiKeyListResponse(listed.Select(ApiKeyDto.From).ToList()), ApiJsonContext.Default.ApiKeyListResponse);
    }

    private static async Task<IResult> CreateKeyAsync(string tenantId, CreateApiKeyRequest? request, ITenantStore tenants, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IssuedKey.IsValidLabel(request?.Label))
        {
            return ApiKeysApi.InvalidLabel();
        }

        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (tenant is null)
        {
            return TenantNotFound();
        }

        var issued = IssuedKey.New(tenantId, string.IsNullOrEmpty(request?.Label) ? $"platform-{tenantId}" : request.Label, time);
        return tenant.DisabledAt is null && await keys.CreateAsync(issued.Record, issued.Hash, cancellationToken)
            ? TypedResults.Json(CreatedApiKeyResponse.From(issued), ApiJsonContext.Default.CreatedApiKeyResponse, statusCode: StatusCodes.Status201Created)
            : TenantDisabled();
    }

    private static async Task<IResult> RevokeKeyAsync(string tenantId, string keyId, IApiKeyStore keys, KeyRevocations revocations, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(keyId, "D", out var id))
        {
            return ApiKeysApi.KeyNotFound();
        }

        if (await keys.RevokeAsync(tenantId, id, keepLastKey: false, cancellationToken) != KeyRevocation.Revoked)
        {
            return ApiKeysApi.KeyNotFound();
        }

        revocations.Revoked([id]);
        return TypedResults.NoContent();
    }
}
