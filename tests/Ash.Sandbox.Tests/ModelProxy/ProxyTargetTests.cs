using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class ProxyTargetTests
{
    [Theory]
    [InlineData("/v1/messages", "/v1/messages")]
    [InlineData("/v1/messages?beta=true", "/v1/messages?beta=true")]
    [InlineData("/v1/./messages", "/v1/messages")]
    [InlineData("/v1//messages/", "/v1/messages")]
    [InlineData("//v1/messages", "/v1/messages")]
    [InlineData("/v1/../admin", "/admin")]
    [InlineData("/v1/%2e%2e/admin", "/admin")]
    [InlineData("/v1/%2E%2E/admin", "/admin")]
    [InlineData("/v1/messages/%2e./../files", "/files")]
    [InlineData("/v1/%6Dessages?%62eta=%74rue", "/v1/messages?beta=true")]
    [InlineData("/v1/messages?", "/v1/messages")]
    [InlineData("/v1/messages?beta=true&&", "/v1/messages?beta=true")]
    [InlineData("/", "/")]
    [InlineData("/..%2e", "/...")]
    [InlineData("/model/anthropic.claude-v1:0/invoke", "/model/anthropic.claude-v1:0/invoke")]
    [InlineData("/model/anthropic.claude-v1%3A0/invoke", "/model/anthropic.claude-v1:0/invoke")]
    public void Normalise_EquivalentSpellings_GiveOneCanonicalForm(string raw, string canonical)
    {
        var target = ProxyTarget.Normalise(raw, out var problem);

        Assert.True(target is not null, problem);
        Assert.Equal(canonical, target.PathAndQuery);
    }

    [Theory]
    [InlineData("http://api.anthropic.com/v1/messages", "must be a path")]
    [InlineData("api.anthropic.com:443", "must be a path")]
    [InlineData("*", "must be a path")]
    [InlineData("", "must be a path")]
    [InlineData("/v1/messages#fragment", "fragment")]
    [InlineData("/v1\\messages", "backslash")]
    [InlineData("/v1/mess\0ages", "control")]
    [InlineData("/v1/mess\u001bages", "control")]
    [InlineData("/v1/messages\u00e9", "non-ASCII")]
    [InlineData("/v1/messages%00", "encodes a space, a control")]
    [InlineData("/v1/messages%0d%0aX-Injected:%201", "encodes a space, a control")]
    [InlineData("/v1/messages%c3%a9", "non-ASCII")]
    [InlineData("/v1%2fmessages", "encodes a '/'")]
    [InlineData("/v1%2Fmessages", "encodes a '/'")]
    [InlineData("/v1%5cmessages", "encodes a '\\'")]
    [InlineData("/v1/%252e%252e/admin", "encodes a '%'")]
    [InlineData("/v1/messages%3fbeta=true", "encodes a '?'")]
    [InlineData("/v1/messages%", "two hex digits")]
    [InlineData("/v1/messages%4", "two hex digits")]
    [InlineData("/v1/messages%zz", "two hex digits")]
    [InlineData("/..", "climbs above the root")]
    [InlineData("/v1/../../admin", "climbs above the root")]
    [InlineData("/v1/%2e%2e/%2e%2e/admin", "climbs above the root")]
    [InlineData("/v1/messages;jsessionid=1", "other than letters, digits")]
    [InlineData("/@127.0.0.1/health", "other than letters, digits")]
    [InlineData("/v1/messages?beta=%00", "encodes a space, a control")]
    public void Normalise_TargetsWithNoHonestUse_AreRefusedWithTheReason(string raw, string reason)
    {
        var target = ProxyTarget.Normalise(raw, out var problem);

        Assert.Null(target);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalise_Query_IsDecodedIntoPairsAndReencoded()
    {
        var target = ProxyTarget.Normalise("/v1/messages?a%22b=c+d&e", out _)!;

        Assert.Equal([new("a\"b", "c+d"), new("e", "")], target.Query);
        Assert.Equal("/v1/messages?a%22b=c%2Bd&e=", target.PathAndQuery);
    }
}
