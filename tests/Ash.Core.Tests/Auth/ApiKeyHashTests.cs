using Ash.Core.Auth;

namespace Ash.Core.Tests.Auth;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Generate_Keys_Have256RandomBitsAndDiffer()
    {
        var first = ApiKeyHash.Generate();
        var second = ApiKeyHash.Generate();

        Assert.Matches("^ash_[0-9a-f]{64}$", first);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void DisplayPrefix_GeneratedKey_ShowsOnlyFourHexDigits()
    {
        var key = ApiKeyHash.Generate();

        Assert.Equal(key[..8] + "••••", ApiKeyHash.DisplayPrefix(key));
    }

    [Fact]
    public void Hash_IsHexSha256AndNeverTheKey()
    {
        var key = ApiKeyHash.Generate();

        Assert.Matches("^[0-9a-f]{64}$", ApiKeyHash.Hash(key));
        Assert.Equal(ApiKeyHash.Hash(key), ApiKeyHash.Hash(key));
        Assert.NotEqual(ApiKeyHash.Hash(key), ApiKeyHash.Hash(ApiKeyHash.Generate()));
        Assert.DoesNotContain(key[4..], ApiKeyHash.Hash(key));
    }

    [Theory]
    [InlineData("secret-admin-key", "secret-admin-key", true)]
    [InlineData("secret-admin-key", "secret-admin-kez", false)]
    [InlineData("secret-admin-key", "secret-admin-key ", false)]
    [InlineData("", "secret-admin-key", false)]
    public void Matches_ComparesWholeKeys(string presented, string known, bool expected) =>
        Assert.Equal(expected, ApiKeyHash.Matches(presented, known));
}
