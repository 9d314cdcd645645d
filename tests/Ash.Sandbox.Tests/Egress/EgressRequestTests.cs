using System.Net;
using System.Text;
using Ash.Sandbox.Egress;

namespace Ash.Sandbox.Tests.Egress;

public sealed class EgressRequestTests
{
    [Fact]
    public void Parse_Connect_GivesHostAndPort()
    {
        var request = Parse("CONNECT API.GitHub.com.:443 HTTP/1.1\r\nHost: api.github.com:443");

        Assert.NotNull(request);
        Assert.True(request.IsConnect);
        Assert.Equal(("api.github.com", 443, (IPAddress?)null), (request.Host, request.Port, request.Literal));
    }

    [Fact]
    public void Parse_ConnectToIpv6Literal_GivesTheAddress()
    {
        var request = Parse("CONNECT [::1]:8443 HTTP/1.1");

        Assert.NotNull(request);
        Assert.Equal(IPAddress.IPv6Loopback, request.Literal);
        Assert.Equal("[::1]:8443", request.Target);
    }

    [Fact]
    public void Parse_AbsoluteUri_GivesHostDefaultPortAndOriginForm()
    {
        var request = Parse("GET http://example.com?x=1#frag HTTP/1.1\r\nAccept: */*");

        Assert.NotNull(request);
        Assert.Equal(("example.com", 80, "/?x=1"), (request.Host, request.Port, request.PathAndQuery));
        Assert.Equal("*/*", Assert.Single(request.Headers).Value);
    }

    [Theory]
    [InlineData("GARBAGE", "malformed request line")]
    [InlineData("GET  http://a.com/ HTTP/1.1", "malformed request line")]
    [InlineData("GET http://a.com/ HTTP/2", "malformed request line")]
    [InlineData("GET / HTTP/1.1", "absolute http:// URI")]
    [InlineData("GET https://a.com/ HTTP/1.1", "must go through CONNECT")]
    [InlineData("GET ftp://a.com/ HTTP/1.1", "absolute http:// URI")]
    [InlineData("CONNECT a.com HTTP/1.1", "CONNECT needs host:port")]
    [InlineData("CONNECT a.com:99999 HTTP/1.1", "malformed host or port")]
    [InlineData("GET http://user@a.com/ HTTP/1.1", "malformed host or port")]
    [InlineData("CONNECT 2130706433:443 HTTP/1.1", "malformed host")]
    [InlineData("CONNECT a..com:443 HTTP/1.1", "malformed host")]
    [InlineData("CONNECT a.com:443 HTTP/1.1\r\n folded: header", "malformed header line")]
    [InlineData("CONNECT a.com:443 HTTP/1.1\r\nno colon", "malformed header line")]
    [InlineData("CONNECT a.com:443 HTTP/1.1\r\nX: a\nb", "malformed header line")]
    public void Parse_Malformed_GivesNullAndTheReason(string head, string expected)
    {
        Assert.Null(EgressRequest.Parse(Encoding.Latin1.GetBytes(head), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    private static EgressRequest? Parse(string head)
    {
        var request = EgressRequest.Parse(Encoding.Latin1.GetBytes(head), out var problem);
        Assert.True(request is not null, problem);
        return request;
    }
}
