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
    public async Task CountAsync_Empty_ReturnsZero()
    {
        Assert.Equal(0, await Stores.ApiKeys.CountAsync(Token));
    }
}
