using System.Net;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Actor state (reference §1.3, §1.6): written only through the actor's own sidecar.</summary>
public sealed class ActorStateTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;
    private SidecarClient host = null!;
    private SidecarClient caller = null!;

    public async ValueTask InitializeAsync()
    {
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("host"), TestDaprAppOptions.Hosting("Cart")),
            (new SidecarDefinition("caller"), new TestDaprAppOptions(ConfigJson: null)),
        ]);
        host = testMesh.Client("host");
        caller = testMesh.Client("caller");
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        caller.Dispose();
        await testMesh.DisposeAsync();
    }

    [Fact]
    public async Task Transaction_OnHostingSidecar_Returns204_AndGetReturnsRawJson()
    {
        using var saved = await host.PostAsync("/v1.0/actors/Cart/c1/state",
            """[{"operation":"upsert","request":{"key":"items","value":["apple",{"qty":2}]}},{"operation":"upsert","request":{"key":"name","value":"bob"}}]""");
        using var items = await host.GetAsync("/v1.0/actors/Cart/c1/state/items");

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(HttpStatusCode.OK, items.StatusCode);
        Assert.Equal("application/json", items.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""["apple",{"qty":2}]""", await items.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Get_MissingKey_Returns204()
    {
        using var response = await host.GetAsync("/v1.0/actors/Cart/c2/state/nothing");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Transaction_Delete_RemovesKey()
    {
        await host.PostAsync("/v1.0/actors/Cart/c3/state", """[{"operation":"upsert","request":{"key":"k","value":1}}]""");

        using var deleted = await host.PostAsync("/v1.0/actors/Cart/c3/state", """[{"operation":"delete","request":{"key":"k"}}]""");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await host.GetAsync("/v1.0/actors/Cart/c3/state/k")).StatusCode);
    }

    [Fact]
    public async Task Transaction_ThroughSidecarNotHostingTheType_Returns400InstanceMissing()
    {
        using var response = await caller.PostAsync("/v1.0/actors/Cart/c4/state", """[{"operation":"upsert","request":{"key":"k","value":1}}]""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("ERR_ACTOR_INSTANCE_MISSING", (await SidecarClient.ReadErrorAsync(response)).ErrorCode);
    }
}

/// <summary>Without an actor state store daprd disables actor hosting.</summary>
public sealed class ActorStateWithoutActorStoreTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;

    public async ValueTask InitializeAsync() =>
        testMesh = await TestMesh.StartAsync(
            [(new SidecarDefinition("host"), TestDaprAppOptions.Hosting("Cart"))],
            options => options with { StateStores = [new StateStoreDefinition("statestore")] });

    public ValueTask DisposeAsync() => testMesh.DisposeAsync();

    [Fact]
    public async Task ActorState_NoActorStateStore_Returns500RuntimeNotFound()
    {
        using var client = testMesh.Client("host");

        using var get = await client.GetAsync("/v1.0/actors/Cart/c1/state/k");
        using var save = await client.PostAsync("/v1.0/actors/Cart/c1/state", "[]");

        Assert.Equal(HttpStatusCode.InternalServerError, get.StatusCode);
        Assert.Equal("ERR_ACTOR_RUNTIME_NOT_FOUND", (await SidecarClient.ReadErrorAsync(get)).ErrorCode);
        Assert.Equal("ERR_ACTOR_RUNTIME_NOT_FOUND", (await SidecarClient.ReadErrorAsync(save)).ErrorCode);
    }
}
