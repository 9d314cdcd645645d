using Ash.Core.Credentials;
using Ash.Storage.Tests.Infrastructure;

namespace Ash.Storage.Tests.Conformance;

public abstract class CredentialStoreConformance(StoreBackend backend) : StoreTest(backend)
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static Credential New(string tenant, int minutes = 0, string? baseUrl = null) =>
        new(Guid.NewGuid(), tenant, baseUrl is null ? "anthropic" : "custom", "label " + minutes, "sealed-" + Guid.NewGuid(), baseUrl, true, Created.AddMinutes(minutes), null);

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task AddThenGet_RoundTripsEveryField()
    {
        var credential = New("t1", baseUrl: "https://gateway.example.com/");

        await Stores.Credentials.AddAsync(credential, Token);

        Assert.Equal(credential, await Stores.Credentials.GetAsync("t1", credential.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Get_OtherTenantsOrUnknownId_IsNull()
    {
        var credential = New("t1");
        await Stores.Credentials.AddAsync(credential, Token);

        Assert.Null(await Stores.Credentials.GetAsync("t2", credential.Id, Token));
        Assert.Null(await Stores.Credentials.GetAsync("t1", Guid.NewGuid(), Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task List_IsTheTenantsOwnNewestFirst()
    {
        var older = New("t1", 1);
        var newer = New("t1", 2);
        await Stores.Credentials.AddAsync(older, Token);
        await Stores.Credentials.AddAsync(newer, Token);
        await Stores.Credentials.AddAsync(New("t2", 3), Token);

        Assert.Equal([newer.Id, older.Id], (await Stores.Credentials.ListAsync("t1", Token)).Select(c => c.Id).ToArray());
        Assert.Empty(await Stores.Credentials.ListAsync("t3", Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task Delete_OnlyTheOwnersAndOnlyOnce()
    {
        var credential = New("t1");
        await Stores.Credentials.AddAsync(credential, Token);

        Assert.False(await Stores.Credentials.DeleteAsync("t2", credential.Id, Token));
        Assert.NotNull(await Stores.Credentials.GetAsync("t1", credential.Id, Token));
        Assert.True(await Stores.Credentials.DeleteAsync("t1", credential.Id, Token));
        Assert.False(await Stores.Credentials.DeleteAsync("t1", credential.Id, Token));
        Assert.Null(await Stores.Credentials.GetAsync("t1", credential.Id, Token));
    }

    [Fact(Timeout = TestTimeouts.Default)]
    public async Task MarkUsed_SetsLastUsedAt_ForTheOwnerOnly()
    {
        var credential = New("t1");
        await Stores.Credentials.AddAsync(credential, Token);
        var used = Created.AddHours(1);

        await Stores.Credentials.MarkUsedAsync("t2", credential.Id, used.AddHours(1), Token);
        Assert.Null((await Stores.Credentials.GetAsync("t1", credential.Id, Token))!.LastUsedAt);

        await Stores.Credentials.MarkUsedAsync("t1", credential.Id, used, Token);
        Assert.Equal(used, (await Stores.Credentials.GetAsync("t1", credential.Id, Token))!.LastUsedAt);
    }
}
