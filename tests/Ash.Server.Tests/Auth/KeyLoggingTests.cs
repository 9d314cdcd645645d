using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Core.Auth;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Auth;

/// <summary>No key, admin key or key hash ever reaches the server's log, even at its most verbose.</summary>
public sealed class KeyLoggingTests
{
    private const string AdminKey = "ash_admin_logging_test_0123456789abcdef0123456789";

    [Fact]
    public async Task EveryKeyOperation_AtTraceLevel_LogsNoKeyAndNoHash()
    {
        await using var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var data = TestServer.NewDataDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Ash:AdminKey"] = AdminKey,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:Console:FormatterName"] = "json",
        };
        await using var server = await ServerProcess.StartAsync(data, await TestDatabase.NewAsync(), ServerProcess.FreePort(), model.BaseUrl, PlatformFixture.RealModelKey, settings);
        var secrets = new List<string> { TestServer.ApiKey, AdminKey };

        using var admin = Client(server, AdminKey);
        using var created = await admin.PostAsJsonAsync("/api/admin/tenants", new { id = "logged" });
        await Api.EnsureStatusAsync(created, HttpStatusCode.Created);
        var tenantKey = (await created.Content.ReadFromJsonAsync<JsonObject>())!["key"]!["key"]!.GetValue<string>();
        secrets.Add(tenantKey);
        using var tenant = Client(server, tenantKey);
        var (secondId, second) = await TenantCalls.CreateKeyAsync(tenant, "second");
        secrets.Add(second);
        await TenantCalls.ListKeysAsync(tenant);
        var session = await Api.CreateSessionAsync(tenant, await Api.DeployAgentAsync(tenant));
        await Api.SendAsync(tenant, session, "hello");
        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(tenant, HttpMethod.Delete, $"/api/api-keys/{secondId}")).Status);
        using var revoked = Client(server, second);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(revoked, HttpMethod.Get, "/api/sessions")).Status);
        using var wrong = Client(server, "ash_wrong_key_never_valid_0123456789abcdef");
        secrets.Add("ash_wrong_key_never_valid_0123456789abcdef");
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(wrong, HttpMethod.Get, "/api/sessions")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await TenantCalls.StatusAsync(tenant, HttpMethod.Get, "/api/admin/tenants")).Status);
        using var disabled = await admin.DeleteAsync("/api/admin/tenants/logged");
        await Api.EnsureStatusAsync(disabled, HttpStatusCode.OK);

        var log = server.Output();
        Assert.Contains("/api/api-keys", log);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, log);
            Assert.DoesNotContain(ApiKeyHash.Hash(secret), log);
        }

        Assert.DoesNotContain(PlatformFixture.RealModelKey, log);
    }

    private static HttpClient Client(ServerProcess server, string key)
    {
        var http = new HttpClient { BaseAddress = server.BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
