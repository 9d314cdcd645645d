using System.Net;
using Ash.Client;
using Ash.Testing.Server;

namespace Ash.Client.Tests;

/// <summary>The SDK's key and admin methods against the real server.</summary>
public sealed class AshClientKeysTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    [Fact]
    public async Task AdminAndTenantMethods_CreateListRevokeDisable_RoundTrip()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = timeout.Token;
        using var admin = new AshClient(platform.Server.BaseUrl, TenantsFixture.AdminKey);
        var tenantId = "sdk-" + Guid.NewGuid().ToString("N")[..8];

        var created = await admin.CreateTenantAsync(tenantId, "SDK test", "first", token);
        using var tenant = new AshClient(platform.Server.BaseUrl, created.Key.Key);
        var second = await tenant.CreateApiKeyAsync("second", token);
        var listed = await tenant.ListApiKeysAsync(token);
        await tenant.RevokeApiKeyAsync(second.Id, token);
        var byAdmin = await admin.ListTenantKeysAsync(tenantId, token);
        var third = await admin.CreateTenantKeyAsync(tenantId, "third", token);
        await admin.RevokeTenantKeyAsync(tenantId, created.Key.Id, token);
        using var thirdClient = new AshClient(platform.Server.BaseUrl, third.Key);
        var lastKey = await Assert.ThrowsAsync<AshApiException>(() => thirdClient.RevokeApiKeyAsync(third.Id, token));
        var disabled = await admin.DisableTenantAsync(tenantId, token);
        var denied = await Assert.ThrowsAsync<AshApiException>(() => tenant.ListApiKeysAsync(token));
        var notAdmin = await Assert.ThrowsAsync<AshApiException>(() => tenant.ListTenantsAsync(token));

        Assert.Equal(tenantId, created.Tenant.Id);
        Assert.Equal("SDK test", created.Tenant.Label);
        Assert.Equal(["first", "second"], listed.Select(k => k.Label));
        Assert.Equal(second.KeyPrefix, listed[1].KeyPrefix);
        Assert.Equal([created.Key.Id], byAdmin.Select(k => k.Id));
        Assert.Equal((HttpStatusCode.Conflict, "last_api_key"), (lastKey.StatusCode, lastKey.Code));
        Assert.Equal(1, disabled.RevokedKeys);
        Assert.NotNull(disabled.Tenant.DisabledAt);
        Assert.Contains(await admin.ListTenantsAsync(token), t => t.Id == tenantId && t.DisabledAt is not null);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal((HttpStatusCode.NotFound, "route_not_found"), (notAdmin.StatusCode, notAdmin.Code));
    }
}
