namespace Ash.Testing.Server;

/// <summary>A running platform with the admin API on, embedded or on Dapr, for tests that make tenants.</summary>
public interface ITenantPlatform
{
    TestServer Server { get; }

    HttpClient Admin();

    Task<(string TenantId, string Key, string KeyId)> NewTenantAsync();
}
