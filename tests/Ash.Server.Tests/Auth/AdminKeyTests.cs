using Ash.Server.Auth;

namespace Ash.Server.Tests.Auth;

public sealed class AdminKeyTests
{
    private const string Good = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Validate_NoAdminKey_IsFineAndTheAdminApiIsOff()
    {
        Assert.Empty(AdminKey.Validate(null, "whatever"));
        Assert.False(new AdminKey(null).IsEnabled);
        Assert.False(new AdminKey(string.Empty).Matches(string.Empty));
    }

    [Fact]
    public void Validate_LongRandomKey_IsFine() => Assert.Empty(AdminKey.Validate(Good, "tenant-key"));

    [Theory]
    [InlineData("short")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef 0123456789abcdef")]
    public void Validate_ShortOrSpacedKey_NamesTheSetting(string adminKey)
    {
        var problem = Assert.Single(AdminKey.Validate(adminKey, null));
        Assert.Contains("ASH_ADMIN_KEY", problem);
    }

    [Fact]
    public void Validate_SameAsTheTenantKey_IsRefused() =>
        Assert.Contains(AdminKey.Validate(Good, Good), p => p.Contains("must differ", StringComparison.Ordinal));

    [Fact]
    public void Matches_OnlyTheConfiguredKey()
    {
        var admin = new AdminKey(Good);

        Assert.True(admin.Matches(Good));
        Assert.False(admin.Matches(Good[..^1]));
        Assert.False(admin.Matches(Good + "0"));
    }
}
