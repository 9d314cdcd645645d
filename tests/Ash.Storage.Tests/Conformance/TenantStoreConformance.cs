using Ash.Core.Auth;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class TenantStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CreateAsync_NewId_StoresTheTenantAndItsFirstKey()
    {
        var tenant = new TenantRecord("acme", "Acme Corp", T0, null);
        var key = Key("acme");

        Assert.Equal(TenantCreation.Created, await Stores.Tenants.CreateAsync(tenant, key, "hash-acme", Token));

        Assert.Equal(tenant, await Stores.Tenants.GetAsync("acme", Token));
        Assert.Equal(new ApiKeyOwner(key.Id, "acme"), await Stores.ApiKeys.FindAsync("hash-acme", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task CreateAsync_TakenId_ReportsExistsAndAddsNoKey()
    {
        await Stores.Tenants.CreateAsync(new TenantRecord("acme", "first", T0, null), Key("acme"), "hash-1", Token);

        var again = await Stores.Tenants.CreateAsync(new TenantRecord("acme", "second", T0, null), Key("acme"), "hash-2", Token);

        Assert.Equal(TenantCreation.Exists, again);
        Assert.Null(await Stores.ApiKeys.FindAsync("hash-2", Token));
        Assert.Equal("first", (await Stores.Tenants.GetAsync("acme", Token))!.Label);
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task ListAsync_SeveralTenants_ReturnsAllOldestFirst()
    {
        await Stores.Tenants.CreateAsync(new TenantRecord("b", string.Empty, T0.AddSeconds(1), null), Key("b"), "hash-b", Token);
        await Stores.Tenants.CreateAsync(new TenantRecord("a", string.Empty, T0, null), Key("a"), "hash-a", Token);

        var tenants = await Stores.Tenants.ListAsync(Token);

        Assert.Equal(["a", "b"], tenants.Select(t => t.Id));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DisableAsync_Tenant_DeletesItsKeysAndRefusesNewOnes()
    {
        var first = Key("acme");
        await Stores.Tenants.CreateAsync(new TenantRecord("acme", string.Empty, T0, null), first, "hash-1", Token);
        var second = Key("acme");
        await Stores.ApiKeys.CreateAsync(second, "hash-2", Token);
        await Stores.Tenants.CreateAsync(new TenantRecord("other", string.Empty, T0, null), Key("other"), "hash-other", Token);

        var deleted = await Stores.Tenants.DisableAsync("acme", T0.AddMinutes(1), Token);

        Assert.NotNull(deleted);
        Assert.Equal(new HashSet<Guid> { first.Id, second.Id }, deleted.ToHashSet());
        Assert.Null(await Stores.ApiKeys.FindAsync("hash-1", Token));
        Assert.Equal(T0.AddMinutes(1), (await Stores.Tenants.GetAsync("acme", Token))!.DisabledAt);
        Assert.False(await Stores.ApiKeys.CreateAsync(Key("acme"), "hash-3", Token));
        Assert.Null(await Stores.ApiKeys.FindAsync("hash-3", Token));
        Assert.NotNull(await Stores.ApiKeys.FindAsync("hash-other", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DisableAsync_KeyAddedLaterByConfiguration_DoesNotAuthenticate()
    {
        await Stores.Tenants.CreateAsync(new TenantRecord("acme", string.Empty, T0, null), Key("acme"), "hash-1", Token);
        await Stores.Tenants.DisableAsync("acme", T0, Token);

        await Stores.ApiKeys.AddAsync("acme", "hash-configured", "ASH_API_KEY", Token);

        Assert.Null(await Stores.ApiKeys.FindAsync("hash-configured", Token));
        Assert.Null(await Stores.ApiKeys.FindTenantAsync("hash-configured", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task DisableAsync_UnknownOrAlreadyDisabled_ReportsNothingDeleted()
    {
        Assert.Null(await Stores.Tenants.DisableAsync("nobody", T0, Token));

        await Stores.Tenants.CreateAsync(new TenantRecord("acme", string.Empty, T0, null), Key("acme"), "hash-1", Token);
        await Stores.Tenants.DisableAsync("acme", T0, Token);
        var again = await Stores.Tenants.DisableAsync("acme", T0.AddDays(1), Token);

        Assert.NotNull(again);
        Assert.Empty(again);
        Assert.Equal(T0, (await Stores.Tenants.GetAsync("acme", Token))!.DisabledAt);
    }

    private static ApiKeyRecord Key(string tenant) => new(Guid.NewGuid(), tenant, "key", ApiKeyHash.HiddenPrefix, T0);
}
