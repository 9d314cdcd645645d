using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.RateLimits;

/// <summary>
/// A platform with the admin API on (tests make tenants and keys of their own, and admin routes are not limited)
/// and limits small enough to reach in a few requests. Writes refill once an hour, so a test never sees a write
/// permit come back; a key's reads refill every 200 ms, for the test that waits for a refill.
/// </summary>
public sealed class RateLimitedFixture : PlatformFixture, ITenantPlatform
{
    public const int KeyWriteBurst = 4;
    public const int TenantWriteBurst = 6;
    public const int KeyReadBurst = 8;
    public static readonly TimeSpan WritePeriod = TimeSpan.FromHours(1);

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Ash:AdminKey"] = TenantsFixture.AdminKey,
        ["Ash:RateLimits:Key:Writes:PermitsPerPeriod"] = "1",
        ["Ash:RateLimits:Key:Writes:Burst"] = KeyWriteBurst.ToString(CultureInfo.InvariantCulture),
        ["Ash:RateLimits:Key:Writes:Period"] = WritePeriod.ToString("c"),
        ["Ash:RateLimits:Tenant:Writes:PermitsPerPeriod"] = "1",
        ["Ash:RateLimits:Tenant:Writes:Burst"] = TenantWriteBurst.ToString(CultureInfo.InvariantCulture),
        ["Ash:RateLimits:Tenant:Writes:Period"] = WritePeriod.ToString("c"),
        ["Ash:RateLimits:Key:Reads:PermitsPerPeriod"] = "1",
        ["Ash:RateLimits:Key:Reads:Burst"] = KeyReadBurst.ToString(CultureInfo.InvariantCulture),
        ["Ash:RateLimits:Key:Reads:Period"] = "00:00:00.2",
    };

    public HttpClient Admin() => Server.CreateClient(TenantsFixture.AdminKey);

    public Task<(string TenantId, string Key, string KeyId)> NewTenantAsync() => TenantCalls.CreateAsync(Admin(), "t-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Another key of the tenant, made through the admin API (which spends none of the tenant's permits).</summary>
    public async Task<string> NewKeyAsync(string tenantId)
    {
        using var admin = Admin();
        using var response = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { label = "second" });
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }
}
