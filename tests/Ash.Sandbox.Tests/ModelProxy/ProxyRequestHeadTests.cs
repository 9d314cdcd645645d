using System.Text;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class ProxyRequestHeadTests
{
    private static ProxyRequestHead? Parse(string head) => ProxyRequestHead.Parse(Encoding.Latin1.GetBytes(head));

    [Fact]
    public void Parse_CliRequest_ReadsMethodTargetAndHeaders()
    {
        var head = Parse("POST /v1/messages?beta=true HTTP/1.1\r\nHost: 127.0.0.1:8377\r\nx-api-key: sbx_1\r\nContent-Length:  12 \r\nanthropic-beta: a,b")!;

        Assert.Equal("POST", head.Method);
        Assert.Equal("/v1/messages?beta=true", head.Target);
        Assert.Equal("12", head.Header("content-length"));
        Assert.Equal("sbx_1", head.Header("X-API-KEY"));
        Assert.Equal(1, head.Count("anthropic-beta"));
    }

    [Theory]
    [InlineData("POST /v1/messages HTTP/1.1 extra")]
    [InlineData("POST  /v1/messages HTTP/1.1")]
    [InlineData("POST /v1/messages HTTP/2.0")]
    [InlineData("PO(ST /v1/messages HTTP/1.1")]
    [InlineData("POST /v1/messages HTTP/1.1\r\nNo-Colon")]
    [InlineData("POST /v1/messages HTTP/1.1\r\n folded: value")]
    [InlineData("POST /v1/messages HTTP/1.1\r\nBad Name: value")]
    [InlineData("POST /v1/messages HTTP/1.1\r\nx: a\nInjected: b")]
    [InlineData("POST /v1/messages HTTP/1.1\r\nx: a\0b")]
    [InlineData("POST /v1/messages HTTP/1.1\r\n: empty-name")]
    public void Parse_NotStrictHttp_IsNull(string head) => Assert.Null(Parse(head));
}
