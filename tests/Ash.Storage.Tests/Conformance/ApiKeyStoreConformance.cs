using Ash.Core.Auth;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class ApiKeyStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task FindTenantAsync_AddedKey_ReturnsItsTenant()
    {
        await Stores.ApiKeys.AddAsync("t1", "hash-1", "ci", Token);

        Assert.Equal("t1", await Stores.ApiKeys.FindTenantAsync("hash-1", Token));
        Assert.Null(await Stores.ApiKeys.FindTenantAsync("hash-2", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddAsync_SameHashTwice_KeepsTheFirst()
    {
        await Stores.ApiKeys.AddAsync("t1", "hash-1", "first", Token);
        await Stores.ApiKeys.AddAsync("t2", "hash-1", "second", Token);
        await Stores.ApiKeys.AddAsync("t1", "hash-2", "other", Token);

        Assert.Equal(2, await Stores.ApiKeys.CountAsync(Token));
        Assert.Equal("t1", await Stores.ApiKeys.FindTenantAsync("hash-1", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddAsync_NewTenant_MakesItsTenantRow()
    {
        await Stores.ApiKeys.AddAsync("t1", "hash-1", "ci", Token);

        var tenant = await Stores.Tenants.GetAsync("t1", Token);
        Assert.NotNull(tenant);
        Assert.Null(tenant.DisabledAt);
        var key = Assert.Single(await Stores.ApiKeys.ListAsync("t1", Token));
        Assert.Equal(ApiKeyHash.HiddenPrefix, key.KeyPrefix);
        Assert.Equal("ci", key.Label);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CountAsync_Empty_ReturnsZero()
    {
        Assert.Equal(0, await Stores.ApiKeys.CountAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CreateAsync_LiveTenant_IsFoundListedAndRoundTrips()
    {
        await Stores.ApiKeys.AddAsync("t1", "hash-0", "first", Token);
        var key = new ApiKeyRecord(Guid.NewGuid(), "t1", "deploy bot", "ash_1a2b••••", T0);

        Assert.True(await Stores.ApiKeys.CreateAsync(key, "hash-1", Token));

        Assert.Equal(new ApiKeyOwner(key.Id, "t1"), await Stores.ApiKeys.FindAsync("hash-1", Token));
        var listed = await Stores.ApiKeys.ListAsync("t1", Token);
        Assert.Equal(2, listed.Count);
        Assert.Contains(key, listed);
        Assert.Empty(await Stores.ApiKeys.ListAsync("t2", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CreateAsync_UnknownTenant_StoresNothing()
    {
        var key = new ApiKeyRecord(Guid.NewGuid(), "nobody", "x", ApiKeyHash.HiddenPrefix, T0);

        Assert.False(await Stores.ApiKeys.CreateAsync(key, "hash-1", Token));

        Assert.Null(await Stores.ApiKeys.FindAsync("hash-1", Token));
        Assert.Equal(0, await Stores.ApiKeys.CountAsync(Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RevokeAsync_OwnKey_IsNoLongerFound()
    {
        var (first, second) = await TwoKeysAsync("t1");

        Assert.Equal(KeyRevocation.Revoked, await Stores.ApiKeys.RevokeAsync("t1", first.Id, keepLastKey: true, Token));

        Assert.Null(await Stores.ApiKeys.FindAsync("hash-" + first.Id, Token));
        Assert.NotNull(await Stores.ApiKeys.FindAsync("hash-" + second.Id, Token));
        Assert.Equal([second], await Stores.ApiKeys.ListAsync("t1", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RevokeAsync_AnotherTenantsKey_IsNotFoundAndKeepsIt()
    {
        var (first, _) = await TwoKeysAsync("t1");
        await TwoKeysAsync("t2");

        Assert.Equal(KeyRevocation.NotFound, await Stores.ApiKeys.RevokeAsync("t2", first.Id, keepLastKey: false, Token));

        Assert.Equal(new ApiKeyOwner(first.Id, "t1"), await Stores.ApiKeys.FindAsync("hash-" + first.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RevokeAsync_LastKeyKept_IsRefusedUnlessAllowed()
    {
        var (first, second) = await TwoKeysAsync("t1");
        Assert.Equal(KeyRevocation.Revoked, await Stores.ApiKeys.RevokeAsync("t1", first.Id, keepLastKey: true, Token));

        Assert.Equal(KeyRevocation.LastKey, await Stores.ApiKeys.RevokeAsync("t1", second.Id, keepLastKey: true, Token));
        Assert.NotNull(await Stores.ApiKeys.FindAsync("hash-" + second.Id, Token));

        Assert.Equal(KeyRevocation.Revoked, await Stores.ApiKeys.RevokeAsync("t1", second.Id, keepLastKey: false, Token));
        Assert.Empty(await Stores.ApiKeys.ListAsync("t1", Token));
        Assert.Equal(KeyRevocation.NotFound, await Stores.ApiKeys.RevokeAsync("t1", second.Id, keepLastKey: false, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task RevokeAsync_TheLastTwoKeysAtOnce_KeepsOne()
    {
        var (first, second) = await TwoKeysAsync("t1");

        var outcomes = await Task.WhenAll(
            Stores.ApiKeys.RevokeAsync("t1", first.Id, keepLastKey: true, Token),
            Stores.ApiKeys.RevokeAsync("t1", second.Id, keepLastKey: true, Token));

        Assert.Single(outcomes, o => o == KeyRevocation.Revoked);
        Assert.Single(outcomes, o => o == KeyRevocation.LastKey);
        Assert.Single(await Stores.ApiKeys.ListAsync("t1", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task LiveAsync_MixedIds_ReturnsOnlyKeysThatStillAuthenticate()
    {
        var (first, second) = await TwoKeysAsync("t1");
        var (other, _) = await TwoKeysAsync("t2");
        await Stores.ApiKeys.RevokeAsync("t1", first.Id, keepLastKey: false, Token);
        await Stores.Tenants.DisableAsync("t2", T0, Token);

        var live = await Stores.ApiKeys.LiveAsync([first.Id, second.Id, other.Id, Guid.NewGuid()], Token);

        Assert.Equal([second.Id], live);
        Assert.Empty(await Stores.ApiKeys.LiveAsync([], Token));
    }

    /// <summary>A tenant (made by its first key) with two keys whose hashes are "hash-" + their ids.</summary>
    private async Task<(ApiKeyRecord First, ApiKeyRecord Second)> TwoKeysAsync(string tenant)
    {
        var first = new ApiKeyRecord(Guid.NewGuid(), tenant, "first", ApiKeyHash.HiddenPrefix, T0);
        var second = new ApiKeyRecord(Guid.NewGuid(), tenant, "second", ApiKeyHash.HiddenPrefix, T0.AddSeconds(1));
        Assert.Equal(TenantCreation.Created, await Stores.Tenants.CreateAsync(new TenantRecord(tenant, string.Empty, T0, null), first, "hash-" + first.Id, Token));
        Assert.True(await Stores.ApiKeys.CreateAsync(second, "hash-" + second.Id, Token));
        return (first, second);
    }
}
