using Ash.Core.Auth;

namespace Ash.Core.Tests.Auth;

public sealed class TenantIdsTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("a")]
    [InlineData("acme-corp_2")]
    [InlineData("0day")]
    public void IsValid_PlainIds_AreAccepted(string id) => Assert.True(TenantIds.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Acme")]
    [InlineData("-acme")]
    [InlineData("_acme")]
    [InlineData("acme corp")]
    [InlineData("acme/corp")]
    [InlineData("acme.corp")]
    [InlineData("acmé")]
    public void IsValid_OtherIds_AreRefused(string? id) => Assert.False(TenantIds.IsValid(id));

    [Fact]
    public void IsValid_Length_IsAtMost64()
    {
        Assert.True(TenantIds.IsValid(new string('a', 64)));
        Assert.False(TenantIds.IsValid(new string('a', 65)));
    }
}
