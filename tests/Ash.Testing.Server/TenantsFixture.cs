namespace Ash.Testing.Server;

/// <summary>A platform with the admin API on (<c>Ash:AdminKey</c>), so tests can make tenants of their own.</summary>
public sealed class TenantsFixture : PlatformFixture, ITenantPlatform
{
    public const string AdminKey = "ash_admin_test_key_0123456789abcdef0123456789";

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Ash:AdminKey"] = AdminKey };

    public HttpClient Admin() => Server.CreateClient(AdminKey);

    /// <summary>A new tenant (unique id) and the plaintext of its first key.</summary>
    public Task<(string TenantId, string Key, string KeyId)> NewTenantAsync() => TenantCalls.CreateAsync(Admin(), "t-" + Guid.NewGuid().ToString("N")[..10]);
}
