using Ash.Core.Auth;
using Ash.Server.ApiKeys;
using Ash.Server.Auth;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ash.Server.Tenants;

/// <summary>
/// The admin API (<c>/api/admin</c>, the admin key only): tenants and their keys. Ash creates tenants
/// through an internal route behind a shared secret; here it is a real API (docs/security.md, "API keys and tenants").
/// </summary>
public static class TenantsApi
{
    public static RouteGroupBuilder MapTenantsApi(this RouteGroupBuilder admin)
    {
        var tenants = admin.MapGroup("/tenants").WithTags("Admin");
        tenants.MapPost("/", CreateAsync).WithName("createTenant").WithSummary("Create a tenant with its first API key").ProducesErrors(400, 409);
        tenants.MapGet("/", ListAsync).WithName("listTenants").WithSummary("List tenants, oldest first");
        tenants.MapGet("/{tenantId}", GetAsync).WithName("getTenant").WithSummary("Get a tenant");
        tenants.MapDelete("/{tenantId}", DisableAsync).WithName("disableTenant").WithSummary("Disable a tenant: revoke its keys, stop its sessions");
        tenants.MapGet("/{tenantId}/keys", ListKeysAsync).WithName("listTenantKeys").WithSummary("List a tenant's API keys");
        tenants.MapPost("/{tenantId}/keys", CreateKeyAsync).WithName("createTenantKey").WithSummary("Create an API key for a tenant").ProducesErrors(400, 409);
        tenants.MapDelete("/{tenantId}/keys/{keyId}", RevokeKeyAsync).WithName("revokeTenantKey").WithSummary("Revoke a tenant's API key (the last one too)");
        return admin;
    }

    private static ErrorResult TenantNotFound() => ApiErrors.NotFound("Tenant not found", "tenant_not_found");

    private static ErrorResult TenantDisabled() =>
        ApiErrors.Create(StatusCodes.Status409Conflict, "tenant_disabled", "The tenant is disabled; it gets no new keys");

    private static async Task<Results<Created<CreatedTenantResponse>, ErrorResult>> CreateAsync(CreateTenantRequest? request, ITenantStore tenants, TimeProvider time, CancellationToken cancellationToken)
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

        return TypedResults.Created(default(string), new CreatedTenantResponse(TenantDto.From(tenant), CreatedApiKeyResponse.From(key)));
    }

    private static async Task<Ok<TenantListResponse>> ListAsync(ITenantStore tenants, CancellationToken cancellationToken)
    {
        var listed = await tenants.ListAsync(cancellationToken);
        return TypedResults.Ok(new TenantListResponse(listed.Select(TenantDto.From).ToList()));
    }

    private static async Task<Results<Ok<TenantResponse>, ErrorResult>> GetAsync(string tenantId, ITenantStore tenants, CancellationToken cancellationToken) =>
        await tenants.GetAsync(tenantId, cancellationToken) is { } tenant
            ? TypedResults.Ok(new TenantResponse(TenantDto.From(tenant)))
            : TenantNotFound();

    private static async Task<Results<Ok<DisabledTenantResponse>, ErrorResult>> DisableAsync(string tenantId, TenantShutdown shutdown, CancellationToken cancellationToken) =>
        await shutdown.DisableAsync(tenantId, cancellationToken) is { } done
            ? TypedResults.Ok(new DisabledTenantResponse(TenantDto.From(done.Tenant), done.RevokedKeys, done.StoppedSessions))
            : TenantNotFound();

    private static async Task<Results<Ok<ApiKeyListResponse>, ErrorResult>> ListKeysAsync(string tenantId, ITenantStore tenants, IApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (await tenants.GetAsync(tenantId, cancellationToken) is null)
        {
            return TenantNotFound();
        }

        var listed = await keys.ListAsync(tenantId, cancellationToken);
        return TypedResults.Ok(new ApiKeyListResponse(listed.Select(ApiKeyDto.From).ToList()));
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ErrorResult>> CreateKeyAsync(string tenantId, CreateApiKeyRequest? request, ITenantStore tenants, IApiKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
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
            ? TypedResults.Created(default(string), CreatedApiKeyResponse.From(issued))
            : TenantDisabled();
    }

    private static async Task<Results<NoContent, ErrorResult>> RevokeKeyAsync(string tenantId, string keyId, IApiKeyStore keys, KeyRevocations revocations, CancellationToken cancellationToken)
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
