using Ash.Server.RateLimits;
using Ash.Testing.Server;
using Microsoft.Extensions.Configuration;

namespace Ash.Server.Tests.RateLimits;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndTheTenantsAtLeastItsKeys()
    {
        var options = new RateLimitOptions();

        Assert.Empty(options.Validate());
        Assert.True(options.Enabled);
        foreach (var kind in (RequestKind[])[RequestKind.Writes, RequestKind.Reads])
        {
            Assert.True(options.Tenant.For(kind).PermitsPerPeriod >= options.Key.For(kind).PermitsPerPeriod);
            Assert.True(options.Tenant.For(kind).Burst >= options.Key.For(kind).Burst);
        }
    }

    [Fact]
    public void Bind_OneSetting_KeepsTheOtherDefaults()
    {
        var options = Bind(new() { ["Ash:RateLimits:Key:Writes:PermitsPerPeriod"] = "5" });

        Assert.Equal(5, options.Key.Writes.PermitsPerPeriod);
        Assert.Equal(new RateLimitOptions().Key.Writes.Burst, options.Key.Writes.Burst);
        Assert.Equal(new RateLimitOptions().Tenant.Reads.PermitsPerPeriod, options.Tenant.Reads.PermitsPerPeriod);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_ZeroNegativeOrOutOfRange_NamesEveryProblemByItsKey()
    {
        var options = Bind(new()
        {
            ["Ash:RateLimits:Key:Writes:PermitsPerPeriod"] = "0",
            ["Ash:RateLimits:Key:Reads:Burst"] = "-1",
            ["Ash:RateLimits:Tenant:Writes:Period"] = "00:00:00.010",
            ["Ash:RateLimits:Tenant:Reads:PermitsPerPeriod"] = "100000",
        });

        var problems = options.Validate();

        Assert.Collection(
            problems,
            p => Assert.StartsWith("Ash:RateLimits:Key:Writes:PermitsPerPeriod must be at least 1 (got 0)", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:RateLimits:Key:Reads:Burst must be at least 1", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:RateLimits:Tenant:Writes:Period must be between", p, StringComparison.Ordinal),
            p => Assert.StartsWith("Ash:RateLimits:Tenant:Reads:Burst must be at least 1 and at least Ash:RateLimits:Tenant:Reads:PermitsPerPeriod (100000)", p, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_LimitsOff_IgnoresTheirValues()
    {
        var options = Bind(new() { ["Ash:RateLimits:Enabled"] = "false", ["Ash:RateLimits:Key:Writes:PermitsPerPeriod"] = "0" });

        Assert.Empty(options.Validate());
    }

    [Fact]
    public async Task Start_WithAZeroLimit_FailsNamingTheSetting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync(null, null, extra: new Dictionary<string, string?> { ["Ash:RateLimits:Tenant:Writes:PermitsPerPeriod"] = "0" }));

        Assert.Contains("Invalid settings", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Ash:RateLimits:Tenant:Writes:PermitsPerPeriod must be at least 1 (got 0)", refused.Message, StringComparison.Ordinal);
    }

    private static RateLimitOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RateLimitOptions.Section).Get<RateLimitOptions>()!;
}
