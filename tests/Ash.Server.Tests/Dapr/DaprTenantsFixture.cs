using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>The server on Dapr with the admin API on.</summary>
public sealed class DaprTenantsFixture : DaprPlatformFixture, ITenantPlatform
{
    protected override IReadOnlyDictionary<string, string?>? Settings =>
        new Dictionary<string, string?>(base.Settings!) { ["Ash:AdminKey"] = TenantsFixture.AdminKey };

    public HttpClient Admin() => Server.CreateClient(TenantsFixture.AdminKey);

    public Task<(string TenantId, string Key, string KeyId)> NewTenantAsync() => TenantCalls.CreateAsync(Admin(), "t-" + Guid.NewGuid().ToString("N")[..10]);
}
