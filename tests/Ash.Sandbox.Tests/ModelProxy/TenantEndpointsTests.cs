using System.Net;
using System.Net.Sockets;
using System.Text;
using Ash.Sandbox.ModelProxy;

namespace Ash.Sandbox.Tests.ModelProxy;

public sealed class TenantEndpointsTests
{
    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("160.79.104.10", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("100.127.255.254", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.0.0.8", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("198.18.0.1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("::ffff:8.8.8.8", true)]
    [InlineData("64:ff9b::a9fe:a9fe", false)]
    [InlineData("fd12:3456::1", false)]
    [InlineData("fc00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("ff02::1", false)]
    public void IsPublic_TellsThePublicInternetFromTheServersNeighbours(string address, bool expected) =>
        Assert.Equal(expected, TenantEndpoints.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("https://api.example.com", null)]
    [InlineData("https://8.8.8.8:8443/v1", null)]
    [InlineData("http://api.example.com", "https")]
    [InlineData("https://localhost", "loopback")]
    [InlineData("https://LOCALHOST.", "loopback")]
    [InlineData("https://db.localhost", "loopback")]
    [InlineData("https://10.0.0.7", "loopback")]
    [InlineData("https://[::1]", "loopback")]
    public void RefusalFor_WithNothingAllowListed(string baseUrl, string? refusalMentions)
    {
        var refusal = new TenantEndpoints([]).RefusalFor(new Uri(baseUrl));

        if (refusalMentions is null)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Contains(refusalMentions, refusal, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RefusalFor_AnAllowListedEndpoint_AllowsPlainHttpAndPrivateAddresses_OnThatPortOnly()
    {
        var endpoints = new TenantEndpoints(["127.0.0.1:8080", "gateway.internal", "[::1]:9000"]);

        Assert.Null(endpoints.RefusalFor(new Uri("http://127.0.0.1:8080")));
        Assert.NotNull(endpoints.RefusalFor(new Uri("http://127.0.0.1:8081")));
        Assert.Null(endpoints.RefusalFor(new Uri("http://gateway.internal:1234/anthropic")));
        Assert.Null(endpoints.RefusalFor(new Uri("http://[::1]:9000")));
        Assert.NotNull(endpoints.RefusalFor(new Uri("https://[::1]:9001")));
    }

    [Theory]
    [InlineData("127.0.0.1:8080", true)]
    [InlineData("gateway.internal", true)]
    [InlineData("[::1]:9000", true)]
    [InlineData("", false)]
    [InlineData("http://x", false)]
    [InlineData("host/path", false)]
    [InlineData("user@host", false)]
    public void IsEndpointName(string endpoint, bool expected) => Assert.Equal(expected, TenantEndpoints.IsEndpointName(endpoint));

    [Fact]
    public async Task Connector_RefusesANameThatResolvesToLoopback_AndConnectsWhenTheOperatorListedIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = ServeOneAsync(listener);

        // "localhost" passes no name check here: what it resolves to is what is refused.
        using (var guarded = ClientOf(new TenantEndpoints([])))
        {
            var failure = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync($"http://localhost:{port}/", TestContext.Current.CancellationToken));
            Assert.IsType<TenantEndpointRefusedException>(failure.InnerException);
        }

        Assert.False(served.IsCompleted);
        using var allowed = ClientOf(new TenantEndpoints([$"localhost:{port}"]));
        using var response = await allowed.GetAsync($"http://localhost:{port}/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await served;
    }

    private static HttpClient ClientOf(TenantEndpoints endpoints) =>
        new(new SocketsHttpHandler { ConnectCallback = new TenantEndpointConnector(endpoints).ConnectAsync });

    private static async Task ServeOneAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var buffer = new byte[4096];
        _ = await stream.ReadAsync(buffer);
        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
    }
}
