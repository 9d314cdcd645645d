using System.Text;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class BodyFramingTests
{
    private const long Max = 1000;

    private static BodyFraming? From(string headers, out ProxyRefusal? refusal) =>
        BodyFraming.From(ProxyRequestHead.Parse(Encoding.Latin1.GetBytes("POST /v1/messages HTTP/1.1" + headers))!, Max, out refusal);

    [Theory]
    [InlineData("", 0L, false)]
    [InlineData("\r\nContent-Length: 0", 0L, false)]
    [InlineData("\r\nContent-Length: 1000", 1000L, false)]
    [InlineData("\r\nTransfer-Encoding: chunked", null, true)]
    [InlineData("\r\nTransfer-Encoding: Chunked", null, true)]
    public void From_OneClearFraming_IsRead(string headers, long? length, bool chunked)
    {
        Assert.Equal(new BodyFraming(length, chunked), From(headers, out var refusal));
        Assert.Null(refusal);
    }

    [Fact]
    public void From_DeclaredLengthOverTheCap_Is413BeforeAnyByteIsRead()
    {
        Assert.Null(From("\r\nContent-Length: 1001", out var refusal));
        Assert.Equal((413, "request_too_large"), (refusal!.Status, refusal.ErrorType));
    }

    [Theory]
    [InlineData("\r\nContent-Length: 10\r\nTransfer-Encoding: chunked")]
    [InlineData("\r\nContent-Length: 10\r\nContent-Length: 10")]
    [InlineData("\r\nContent-Length: +10")]
    [InlineData("\r\nContent-Length: -1")]
    [InlineData("\r\nContent-Length: 1e3")]
    [InlineData("\r\nContent-Length: 99999999999999999999")]
    [InlineData("\r\nTransfer-Encoding: gzip, chunked")]
    [InlineData("\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked")]
    [InlineData("\r\nTransfer-Encoding: identity")]
    public void From_FramingTwoPartiesCouldReadTwoWays_Is400(string headers)
    {
        Assert.Null(From(headers, out var refusal));
        Assert.Equal((400, "invalid_request_error"), (refusal!.Status, refusal.ErrorType));
    }
}
