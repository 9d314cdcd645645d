using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Server.Auth;
using Ash.Testing.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Server.Tests.Tenants;

/// <summary>/api/admin: tenants and their keys, for the admin key alone.</summary>
public sealed class TenantsApiTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    /// <summary>Every admin route of the app, from its endpoint data source: a route added later is covered too.</summary>
    private IReadOnlyList<(string Method, string Path)> AdminRoutes() =>
        platform.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RequiresAdminKey>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (m, Concrete(e.RoutePattern.RawText!))))
            .ToList();

    [Fact]
    public async Task EveryAdminRoute_WithoutTheAdminKey_AnswersAsAnUnknownRoute()
    {
        var (_, tenantKey, _) = await platform.NewTenantAsync();
        var routes = AdminRoutes();
        Assert.True(routes.Count >= 7, $"expected the admin routes, found {routes.Count}");

        foreach (var key in (string?[])[tenantKey, TestServer.ApiKey, null, "ash_wrong", TenantsFixture.AdminKey + "x"])
        {
            using var http = platform.Server.CreateClient(key);
            foreach (var (method, path) in routes)
            {
                var answer = await TenantCalls.StatusAsync(http, new HttpMethod(method), path, new { id = "x-" + Guid.NewGuid().ToString("N")[..8] });
                Assert.True(answer == (HttpStatusCode.NotFound, "route_not_found"), $"{method} {path} with {(key is null ? "no key" : "a non-admin key")}: {answer}");
            }
        }

        using var admin = platform.Admin();
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(admin, HttpMethod.Get, "/api/admin/tenants")).Status);
    }

    [Fact]
    public async Task AdminKey_OnTenantRoutes_IsNoTenantsKey()
    {
        using var admin = platform.Admin();

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), await TenantCalls.StatusAsync(admin, HttpMethod.Get, "/api/sessions"));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), await TenantCalls.StatusAsync(admin, HttpMethod.Get, "/api/api-keys"));
    }

    [Fact]
    public async Task Create_NewTenant_ItsKeyWorksAndSeesOnlyItsOwnData()
    {
        var (tenantId, key, keyId) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        Assert.Empty((await Api.GetJsonAsync(http, "/api/sessions"))["sessions"]!.AsArray());
        Assert.Equal([keyId], (await TenantCalls.ListKeysAsync(http)).Select(k => k!["id"]!.GetValue<string>()));
        using var admin = platform.Admin();
        var tenants = (await Api.GetJsonAsync(admin, "/api/admin/tenants"))["tenants"]!.AsArray();
        var listed = Assert.Single(tenants, t => t!["id"]!.GetValue<string>() == tenantId)!;
        Assert.Null(listed["disabledAt"]?.GetValue<string>());
        Assert.Contains(tenants, t => t!["id"]!.GetValue<string>() == "default");
    }

    [Fact]
    public async Task Create_TakenOrBadId_IsRefused()
    {
        var (tenantId, _, _) = await platform.NewTenantAsync();
        using var admin = platform.Admin();

        Assert.Equal((HttpStatusCode.Conflict, "tenant_exists"), await TenantCalls.StatusAsync(admin, HttpMethod.Post, "/api/admin/tenants", new { id = tenantId }));
        Assert.Equal((HttpStatusCode.Conflict, "tenant_exists"), await TenantCalls.StatusAsync(admin, HttpMethod.Post, "/api/admin/tenants", new { id = "default" }));
        foreach (var bad in (string?[])[null, "", "Upper", "-lead", "has space", "a/b", new string('a', 65)])
        {
            Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await TenantCalls.StatusAsync(admin, HttpMethod.Post, "/api/admin/tenants", new { id = bad }));
        }
    }

    [Fact]
    public async Task TenantKeys_AdminCreatesListsAndRevokesEvenTheLast()
    {
        var (tenantId, key, keyId) = await platform.NewTenantAsync();
        using var admin = platform.Admin();

        using var created = await admin.PostAsJsonAsync($"/api/admin/tenants/{tenantId}/keys", new { label = "ops" });
        await Api.EnsureStatusAsync(created, HttpStatusCode.Created);
        var second = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var keys = (await Api.GetJsonAsync(admin, $"/api/admin/tenants/{tenantId}/keys"))["keys"]!.AsArray();
        Assert.Equal(2, keys.Count);

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(admin, HttpMethod.Delete, $"/api/admin/tenants/{tenantId}/keys/{keyId}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(admin, HttpMethod.Delete, $"/api/admin/tenants/{tenantId}/keys/{second["id"]}")).Status);

        using var first = platform.Server.CreateClient(key);
        using var secondHttp = platform.Server.CreateClient(second["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(first, HttpMethod.Get, "/api/sessions")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(secondHttp, HttpMethod.Get, "/api/sessions")).Status);
        Assert.Equal((HttpStatusCode.NotFound, "tenant_not_found"), await TenantCalls.StatusAsync(admin, HttpMethod.Get, "/api/admin/tenants/nobody/keys"));
    }

    [Fact]
    public async Task RevokeKey_UnderAnotherTenant_IsNotFound()
    {
        var (_, key, keyId) = await platform.NewTenantAsync();
        var (otherTenant, _, _) = await platform.NewTenantAsync();
        using var admin = platform.Admin();

        Assert.Equal((HttpStatusCode.NotFound, "api_key_not_found"), await TenantCalls.StatusAsync(admin, HttpMethod.Delete, $"/api/admin/tenants/{otherTenant}/keys/{keyId}"));

        using var http = platform.Server.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(http, HttpMethod.Get, "/api/sessions")).Status);
    }

    [Fact]
    public async Task Disable_Tenant_ItsKeysStopItsSessionsStopAndItGetsNoNewKeys()
    {
        var (tenantId, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        var (_, second) = await TenantCalls.CreateKeyAsync(http);
        var agent = await Api.DeployAgentAsync(http);
        var session = await Api.CreateSessionAsync(http, agent);
        await Api.WaitForStatusAsync(http, session, "active", TimeSpan.FromSeconds(60));
        using var admin = platform.Admin();

        using var response = await admin.DeleteAsync($"/api/admin/tenants/{tenantId}");

        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, body["revokedKeys"]!.GetValue<int>());
        Assert.Equal(1, body["stoppedSessions"]!.GetValue<int>());
        Assert.NotNull(body["tenant"]!["disabledAt"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(http, HttpMethod.Get, "/api/sessions")).Status);
        using var secondHttp = platform.Server.CreateClient(second);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(secondHttp, HttpMethod.Get, "/api/sessions")).Status);
        var stored = await platform.Server.Services.GetRequiredService<Ash.Core.Sessions.ISessionStore>().GetAsync(session, CancellationToken.None);
        Assert.Equal(Ash.Core.Sessions.SessionStatus.Stopped, stored!.Status);
        Assert.Equal((HttpStatusCode.Conflict, "tenant_disabled"), await TenantCalls.StatusAsync(admin, HttpMethod.Post, $"/api/admin/tenants/{tenantId}/keys", new { }));
        Assert.Equal((HttpStatusCode.Conflict, "tenant_exists"), await TenantCalls.StatusAsync(admin, HttpMethod.Post, "/api/admin/tenants", new { id = tenantId }));
        Assert.Equal((HttpStatusCode.NotFound, "tenant_not_found"), await TenantCalls.StatusAsync(admin, HttpMethod.Delete, "/api/admin/tenants/nobody"));
    }

    /// <summary>A path for a route pattern, with made-up values for its parameters.</summary>
    private static string Concrete(string pattern) =>
        "/" + string.Join('/', pattern.Trim('/').Split('/').Select(segment => segment.StartsWith('{') ? "x-" + Guid.NewGuid().ToString("D") : segment));
}
