using System.Net;
using System.Net.Http.Json;
using Ash.Core.Auth;
using Ash.Testing.Server;

namespace Ash.Server.Tests.ApiKeys;

/// <summary>/api/api-keys: Ash's routes, with its tenant-check bug fixed and the last key kept.</summary>
public sealed class ApiKeysApiTests(TenantsFixture platform) : IClassFixture<TenantsFixture>
{
    [Fact]
    public async Task Create_ThenList_ShowsIdLabelAndShortPrefixButNeverTheKeyOrItsHash()
    {
        var (_, key, firstId) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        using var response = await http.PostAsJsonAsync("/api/api-keys", new { label = "ci" });
        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        var created = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!;
        var newKey = created["key"]!.GetValue<string>();
        Assert.StartsWith(ApiKeyHash.Prefix, newKey);
        Assert.Equal(68, newKey.Length);

        using var listing = await http.GetAsync("/api/api-keys");
        var text = await listing.Content.ReadAsStringAsync();
        Assert.DoesNotContain(newKey, text);
        Assert.DoesNotContain(newKey[..12], text);
        Assert.DoesNotContain(ApiKeyHash.Hash(newKey), text);
        Assert.DoesNotContain(ApiKeyHash.Hash(key), text);
        var keys = await TenantCalls.ListKeysAsync(http);
        Assert.Equal([firstId, created["id"]!.GetValue<string>()], keys.Select(k => k!["id"]!.GetValue<string>()));
        var listed = keys[1]!;
        Assert.Equal("ci", listed["label"]!.GetValue<string>());
        Assert.Equal(newKey[..8] + "••••", listed["keyPrefix"]!.GetValue<string>());
        Assert.NotNull(listed["createdAt"]);
    }

    [Fact]
    public async Task Create_WithoutBodyOrLabel_UsesAshsDefaultLabel()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        using var response = await http.PostAsync("/api/api-keys", null);

        await Api.EnsureStatusAsync(response, HttpStatusCode.Created);
        Assert.Contains(await TenantCalls.ListKeysAsync(http), k => k!["label"]!.GetValue<string>() == "dashboard-key");
    }

    [Fact]
    public async Task Revoke_AnotherKey_FailsOnItsVeryNextRequest()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        var (secondId, second) = await TenantCalls.CreateKeyAsync(http, "second");
        using var secondHttp = platform.Server.CreateClient(second);
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(secondHttp, HttpMethod.Get, "/api/sessions")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(http, HttpMethod.Delete, $"/api/api-keys/{secondId}")).Status);

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), await TenantCalls.StatusAsync(secondHttp, HttpMethod.Get, "/api/sessions"));
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(http, HttpMethod.Get, "/api/sessions")).Status);
        Assert.DoesNotContain(await TenantCalls.ListKeysAsync(http), k => k!["id"]!.GetValue<string>() == secondId);
    }

    [Fact]
    public async Task Revoke_TheCallersOwnKey_TakesEffectOnItsNextRequest()
    {
        var (_, key, firstId) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);
        var (_, second) = await TenantCalls.CreateKeyAsync(http);

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(http, HttpMethod.Delete, $"/api/api-keys/{firstId}")).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await TenantCalls.StatusAsync(http, HttpMethod.Get, "/api/api-keys")).Status);
        using var secondHttp = platform.Server.CreateClient(second);
        Assert.Single(await TenantCalls.ListKeysAsync(secondHttp));
    }

    [Fact]
    public async Task Revoke_AnotherTenantsKey_IsNotFoundAndTheKeyKeepsWorking()
    {
        var (_, ownerKey, ownerKeyId) = await platform.NewTenantAsync();
        var (_, otherKey, _) = await platform.NewTenantAsync();
        using var other = platform.Server.CreateClient(otherKey);
        await TenantCalls.CreateKeyAsync(other);

        Assert.Equal((HttpStatusCode.NotFound, "api_key_not_found"), await TenantCalls.StatusAsync(other, HttpMethod.Delete, $"/api/api-keys/{ownerKeyId}"));

        using var owner = platform.Server.CreateClient(ownerKey);
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(owner, HttpMethod.Get, "/api/sessions")).Status);
        Assert.DoesNotContain(await TenantCalls.ListKeysAsync(other), k => k!["id"]!.GetValue<string>() == ownerKeyId);
    }

    [Fact]
    public async Task Revoke_TheTenantsLastKey_IsRefusedWithConflict()
    {
        var (_, key, keyId) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        Assert.Equal((HttpStatusCode.Conflict, "last_api_key"), await TenantCalls.StatusAsync(http, HttpMethod.Delete, $"/api/api-keys/{keyId}"));

        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(http, HttpMethod.Get, "/api/sessions")).Status);
    }

    [Theory]
    [InlineData("env")]
    [InlineData("not-a-guid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    public async Task Revoke_UnknownId_IsNotFound(string id)
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        Assert.Equal((HttpStatusCode.NotFound, "api_key_not_found"), await TenantCalls.StatusAsync(http, HttpMethod.Delete, $"/api/api-keys/{id}"));
    }

    [Fact]
    public async Task Create_LabelTooLongOrWithControlCharacters_IsBadRequest()
    {
        var (_, key, _) = await platform.NewTenantAsync();
        using var http = platform.Server.CreateClient(key);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await TenantCalls.StatusAsync(http, HttpMethod.Post, "/api/api-keys", new { label = new string('x', 201) }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await TenantCalls.StatusAsync(http, HttpMethod.Post, "/api/api-keys", new { label = "a\nb" }));
        Assert.Single(await TenantCalls.ListKeysAsync(http));
    }

    [Fact]
    public async Task List_DefaultTenant_ShowsTheConfiguredKeyWithoutAnyOfItsCharacters()
    {
        var keys = await TenantCalls.ListKeysAsync(platform.Server.Http);

        var configured = Assert.Single(keys, k => k!["label"]!.GetValue<string>() == "ASH_API_KEY");
        Assert.Equal(ApiKeyHash.HiddenPrefix, configured!["keyPrefix"]!.GetValue<string>());
    }
}
