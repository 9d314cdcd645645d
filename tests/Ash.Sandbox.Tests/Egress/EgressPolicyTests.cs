using System.Net;
using Ash.Sandbox.Egress;

namespace Ash.Sandbox.Tests.Egress;

public sealed class EgressPolicyTests
{
    [Fact]
    public void TryParse_ValidEntries_GivesOneRulePerEntry()
    {
        Assert.True(EgressPolicy.TryParse(
            ["api.github.com", "*.pypi.org", "registry.npmjs.org:8443", "203.0.113.7", "10.0.0.5:5432", "[2001:db8::1]:443", "[::1]", "Example.COM."],
            out var policy,
            out var problems));

        Assert.Empty(problems);
        Assert.Collection(
            policy.Rules,
            rule => Assert.Equal(("api.github.com", (int?)null), (rule.Host, rule.Port)),
            rule => Assert.Equal(".pypi.org", rule.Suffix),
            rule => Assert.Equal(("registry.npmjs.org", (int?)8443), (rule.Host, rule.Port)),
            rule => Assert.Equal(IPAddress.Parse("203.0.113.7"), rule.Address),
            rule => Assert.Equal((IPAddress.Parse("10.0.0.5"), (int?)5432), (rule.Address, rule.Port)),
            rule => Assert.Equal((IPAddress.Parse("2001:db8::1"), (int?)443), (rule.Address, rule.Port)),
            rule => Assert.Equal(IPAddress.IPv6Loopback, rule.Address),
            rule => Assert.Equal("example.com", rule.Host));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("https://api.github.com", "is a URL")]
    [InlineData("api.github.com/repos", "without path")]
    [InlineData("user@host.com", "without path or user")]
    [InlineData("api.github.com:0", "port that is not a number from 1 to 65535")]
    [InlineData("api.github.com:70000", "port that is not a number from 1 to 65535")]
    [InlineData("api.github.com:https", "port that is not a number from 1 to 65535")]
    [InlineData("*", "'*' only as the whole first label")]
    [InlineData("*.com", "whole top-level domain")]
    [InlineData("a.*.example.com", "'*' only as the whole first label")]
    [InlineData("*example.com", "'*' only as the whole first label")]
    [InlineData("exa mple.com", "without path")]
    [InlineData("-bad.example.com", "not a valid host name")]
    [InlineData("2130706433", "neither a dotted-quad IPv4 address nor a host name")]
    [InlineData("1.2.3", "neither a dotted-quad IPv4 address nor a host name")]
    [InlineData("2001:db8::1", "write it in brackets")]
    [InlineData("[2001:db8::1", "without a closing ']'")]
    [InlineData("[not-an-ip]", "invalid IPv6 address")]
    [InlineData("[fe80::1%eth0]", "invalid IPv6 address")]
    public void TryParse_BadEntry_NamesTheEntryAndTheProblem(string entry, string expected)
    {
        Assert.False(EgressPolicy.TryParse(["api.github.com", entry], out var policy, out var problems));

        Assert.Null(policy);
        var problem = Assert.Single(problems);
        Assert.Contains("entry 2", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBadEntries_ReportsAllAtOnce()
    {
        var problems = EgressPolicy.Validate(["ok.example.com", "", "http://x", "bad host"]);

        Assert.Equal(3, problems.Count);
    }

    [Theory]
    [InlineData("a.example.com", true)]
    [InlineData("deep.a.example.com", true)]
    [InlineData("example.com", false)]
    [InlineData("badexample.com", false)]
    [InlineData("a.example.com.evil.org", false)]
    [InlineData("a.example.org", false)]
    public void Wildcard_MatchesSubdomainsOnly(string host, bool allowed)
    {
        var policy = Parse("*.example.com");

        Assert.Equal(allowed, policy.AllowsName(host, 443));
    }

    [Theory]
    [InlineData("api.github.com", 443, true)]
    [InlineData("api.github.com", 80, true)]
    [InlineData("api.github.com", 22, false)]
    [InlineData("git.example.com", 8443, true)]
    [InlineData("git.example.com", 443, false)]
    [InlineData("github.com", 443, false)]
    public void Ports_DefaultTo443And80_OrTheOneGiven(string host, int port, bool allowed)
    {
        var policy = Parse("api.github.com", "git.example.com:8443");

        Assert.Equal(allowed, policy.AllowsName(host, port));
    }

    [Fact]
    public void IpLiteralRules_MatchOnlyAddresses_AndNamedRulesOnlyNames()
    {
        var policy = Parse("127.0.0.1:8080", "localhost:8080");

        Assert.True(policy.AllowsAddress(IPAddress.Loopback, 8080));
        Assert.False(policy.AllowsAddress(IPAddress.Loopback, 8081));
        Assert.False(policy.AllowsAddress(IPAddress.Parse("127.0.0.2"), 8080));
        Assert.False(policy.AllowsName("127.0.0.1", 8080));
        Assert.True(policy.AllowsName("localhost", 8080));
    }

    [Fact]
    public void DenyAll_AllowsNothing()
    {
        Assert.False(EgressPolicy.DenyAll.AllowsName("api.github.com", 443));
        Assert.False(EgressPolicy.DenyAll.AllowsAddress(IPAddress.Parse("8.8.8.8"), 443));
    }

    private static EgressPolicy Parse(params string[] entries)
    {
        Assert.True(EgressPolicy.TryParse(entries, out var policy, out var problems), string.Join(" ", problems));
        return policy;
    }
}
