using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class RequestBodyContentTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Content_DeclaredLength_IsItsContentLength()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        using var body = new RequestBodyStream(reader, new BodyFraming(2, false), 1000, TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.Equal(2, new RequestBodyContent(body, 2, 1024).Headers.ContentLength);
        Assert.Null(new RequestBodyContent(body, null, 1024).Headers.ContentLength);
    }

    [Fact]
    public async Task Resend_AfterPartOfTheBodyPassed_FailsInsteadOfSendingTheRest()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        using var body = new RequestBodyStream(reader, new BodyFraming(4, false), 1000, TimeSpan.FromSeconds(30), TimeProvider.System);
        using var content = new RequestBodyContent(body, 4, 1024);
        await pair.SendAsync("ab");
        var buffer = new byte[2];
        Assert.Equal(2, await body.ReadAsync(buffer).AsTask().WaitAsync(Timeout));

        // As HttpClient reports it, and the proxy then answers 502.
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => content.CopyToAsync(Stream.Null).WaitAsync(Timeout));
        Assert.IsType<IOException>(failure.InnerException);
    }

    [Fact]
    public async Task Send_BeforeAnyOfTheBodyPassed_SendsItAll()
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        using var body = new RequestBodyStream(reader, new BodyFraming(4, false), 1000, TimeSpan.FromSeconds(30), TimeProvider.System);
        using var content = new RequestBodyContent(body, 4, 1024);
        await pair.SendAsync("abcd");
        var sent = new MemoryStream();

        await content.CopyToAsync(sent).WaitAsync(Timeout);

        Assert.Equal("abcd"u8.ToArray(), sent.ToArray());
    }
}
