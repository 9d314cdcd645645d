using Ash.Sandbox.Uids;

namespace Ash.Sandbox.Tests.Uids;

public sealed class SandboxUidPoolTests
{
    private readonly string _locks = Directory.CreateTempSubdirectory("ash-uids").FullName;

    [Fact]
    public void TwoPools_OnOneMachine_NeverHandOutTheSameUid()
    {
        var first = new SandboxUidPool(300_000, 4, _locks);
        var second = new SandboxUidPool(300_000, 4, _locks);

        var rented = new[] { first.Rent(), second.Rent(), first.Rent(), second.Rent() };

        Assert.Equal(4, rented.Distinct().Count());
        Assert.Throws<InvalidOperationException>(() => first.Rent());
    }

    [Fact]
    public void ReturnedUid_CanBeRentedByTheOtherPool()
    {
        var first = new SandboxUidPool(300_000, 1, _locks);
        var second = new SandboxUidPool(300_000, 1, _locks);
        var uid = first.Rent();
        Assert.Throws<InvalidOperationException>(() => second.Rent());

        first.Return(uid);

        Assert.Equal(uid, second.Rent());
    }

    [Fact]
    public void APreferredUid_IsHandedOutWhenFree_AnotherWhenNot()
    {
        var first = new SandboxUidPool(300_000, 4, _locks);
        var second = new SandboxUidPool(300_000, 4, _locks);

        Assert.Equal(300_002, first.Rent(preferred: 300_002));
        Assert.NotEqual(300_002, second.Rent(preferred: 300_002));
        Assert.InRange(second.Rent(preferred: 12), 300_000, 300_003);
    }
}
