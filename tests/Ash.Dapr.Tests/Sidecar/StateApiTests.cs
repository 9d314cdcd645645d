using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>The state API (reference §2) against two app-less sidecars sharing the mesh's stores.</summary>
public sealed class StateApiTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;
    private SidecarClient web = null!;
    private SidecarClient worker = null!;

    public async ValueTask InitializeAsync()
    {
        testMesh = await TestMesh.StartAsync(
            [(new SidecarDefinition("web"), null), (new SidecarDefinition("worker"), null)],
            options => options with
            {
                StateStores = [new StateStoreDefinition("statestore") { IsActorStateStore = true }, new StateStoreDefinition("shared") { KeyPrefix = StateKeyPrefix.Name }],
            });
        web = testMesh.Client("web");
        worker = testMesh.Client("worker");
    }

    public async ValueTask DisposeAsync()
    {
        web.Dispose();
        worker.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task Get_SavedKey_ReturnsRawValueAndETag()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await web.PostAsync("/v1.0/state/statestore", """[{"key":"k","value":{"a":[1,2]}}]""")).StatusCode);

        using var response = await web.GetAsync("/v1.0/state/statestore/k");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"a":[1,2]}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(string.IsNullOrEmpty(response.Headers.ETag?.Tag ?? response.Headers.GetValues("ETag").Single()));
    }

    [Fact]
    public async Task Get_MissingKey_Returns204()
    {
        using var response = await web.GetAsync("/v1.0/state/statestore/nothing-here");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Save_WithCurrentETag_SucceedsAndChangesETag_StaleETag_Returns409()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"k","value":1}]""");
        var first = await ETagOfAsync("k");

        Assert.Equal(HttpStatusCode.NoContent, (await web.PostAsync("/v1.0/state/statestore", $$"""[{"key":"k","value":2,"etag":"{{first}}"}]""")).StatusCode);
        var second = await ETagOfAsync("k");
        using var stale = await web.PostAsync("/v1.0/state/statestore", $$"""[{"key":"k","value":3,"etag":"{{first}}"}]""");

        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("ERR_STATE_SAVE", (await SidecarClient.ReadErrorAsync(stale)).ErrorCode);
    }

    [Fact]
    public async Task Save_FirstWriteWithoutETagOnExistingKey_Returns409()
    {
        const string body = """[{"key":"once","value":"x","options":{"concurrency":"first-write"}}]""";
        Assert.Equal(HttpStatusCode.NoContent, (await web.PostAsync("/v1.0/state/statestore", body)).StatusCode);

        using var second = await web.PostAsync("/v1.0/state/statestore", body);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Delete_WithStaleIfMatch_Returns409_WithCurrent_Deletes()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"d","value":1}]""");
        var etag = await ETagOfAsync("d");

        using var stale = new HttpRequestMessage(HttpMethod.Delete, "/v1.0/state/statestore/d");
        stale.Headers.TryAddWithoutValidation("If-Match", "not-" + etag);
        Assert.Equal(HttpStatusCode.Conflict, (await web.Http.SendAsync(stale, TestContext.Current.CancellationToken)).StatusCode);
        using var current = new HttpRequestMessage(HttpMethod.Delete, "/v1.0/state/statestore/d");
        current.Headers.TryAddWithoutValidation("If-Match", etag);
        Assert.Equal(HttpStatusCode.NoContent, (await web.Http.SendAsync(current, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await web.GetAsync("/v1.0/state/statestore/d")).StatusCode);
    }

    [Fact]
    public async Task Transaction_WithStaleETag_Returns500AndWritesNothing()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"t1","value":"old"}]""");

        using var response = await web.PostAsync("/v1.0/state/statestore/transaction",
            """{"operations":[{"operation":"upsert","request":{"key":"t2","value":"new"}},{"operation":"upsert","request":{"key":"t1","value":"new","etag":"stale"}}]}""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("ERR_STATE_TRANSACTION", (await SidecarClient.ReadErrorAsync(response)).ErrorCode);
        Assert.Equal(HttpStatusCode.NoContent, (await web.GetAsync("/v1.0/state/statestore/t2")).StatusCode);
        Assert.Equal("\"old\"", await (await web.GetAsync("/v1.0/state/statestore/t1")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Transaction_UpsertAndDelete_Returns204AndAppliesBoth()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"gone","value":1}]""");

        using var response = await web.PostAsync("/v1.0/state/statestore/transaction",
            """{"operations":[{"operation":"upsert","request":{"key":"made","value":{"n":1}}},{"operation":"delete","request":{"key":"gone"}}]}""");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await web.GetAsync("/v1.0/state/statestore/made")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await web.GetAsync("/v1.0/state/statestore/gone")).StatusCode);
    }

    [Fact]
    public async Task BulkGet_ReturnsDataField_AndMissingKeysWithoutData()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"b1","value":{"x":1}}]""");

        using var response = await web.PostAsync("/v1.0/state/statestore/bulk", """{"keys":["b1","b2"]}""");
        var items = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, items[0].GetProperty("data").GetProperty("x").GetInt32());
        Assert.False(string.IsNullOrEmpty(items[0].GetProperty("etag").GetString()));
        Assert.False(items[0].TryGetProperty("value", out _));
        Assert.Equal("b2", items[1].GetProperty("key").GetString());
        Assert.False(items[1].TryGetProperty("data", out _));
    }

    [Fact]
    public async Task Save_UnknownStore_Returns400StoreNotFound()
    {
        using var response = await web.PostAsync("/v1.0/state/nope", """[{"key":"k","value":1}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ERR_STATE_STORE_NOT_FOUND", (await SidecarClient.ReadErrorAsync(response)).ErrorCode);
    }

    [Fact]
    public async Task Save_KeyWithDoublePipe_Returns400()
    {
        using var response = await web.PostAsync("/v1.0/state/statestore", """[{"key":"a||b","value":1}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task KeyPrefix_AppIdIsolatesApps_NameSharesAcrossApps()
    {
        await web.PostAsync("/v1.0/state/statestore", """[{"key":"mine","value":1}]""");
        await web.PostAsync("/v1.0/state/shared", """[{"key":"ours","value":2}]""");

        Assert.Equal(HttpStatusCode.NoContent, (await worker.GetAsync("/v1.0/state/statestore/mine")).StatusCode);
        Assert.Equal("2", await (await worker.GetAsync("/v1.0/state/shared/ours")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private async Task<string> ETagOfAsync(string key)
    {
        using var response = await web.GetAsync($"/v1.0/state/statestore/{key}");
        return response.Headers.GetValues("ETag").Single();
    }
}
