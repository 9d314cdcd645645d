using System.Net;
using System.Net.Sockets;
using Ash.Sandbox.Egress;
using Ash.Sandbox.Native;
using Ash.Testing.Common;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.Egress;

/// <summary>The proxy in-process on a real Unix socket, against real TCP servers on 127.0.0.1.</summary>
public sealed class EgressProxyListenerTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("ash-egress-").FullName;
    private readonly ListLogger _logger = new();
    private readonly List<IAsyncDisposable> _owned = [];

    private string SocketPath => Path.Combine(_directory, "egress.sock");

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync().AsTask().WaitAsync(Timeout);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Start_Socket_IsOnlyForItsOwner()
    {
        await StartProxyAsync(["127.0.0.1:1"]);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
    }

    [Fact]
    public async Task Connect_AllowedIpLiteral_TunnelsBytesBothWays()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"127.0.0.1:{echo.Port}"]);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\nHost: 127.0.0.1:{echo.Port}\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        await client.SendAsync("ping through the tunnel");
        Assert.Equal("ping through the tunnel", await client.ReadExactlyAsync("ping through the tunnel".Length));
        await client.SendAsync("and again");
        Assert.Equal("and again", await client.ReadExactlyAsync("and again".Length));

        Assert.Contains(_logger.Entries, entry => entry.EventId == 2101 && entry.Message.Contains($"127.0.0.1:{echo.Port} allowed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_BytesSentWithTheHead_ReachTheDestinationFirst()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"127.0.0.1:{echo.Port}"]);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\n\r\neager");

        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        Assert.Equal("eager", await client.ReadExactlyAsync(5));
    }

    [Fact]
    public async Task Connect_HostNotOnTheList_Gets403NamingTheHost()
    {
        await StartProxyAsync(["api.github.com"]);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync("CONNECT example.org:443 HTTP/1.1\r\n\r\n");
        var answer = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 403 Forbidden\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("example.org:443 is not in this agent's egress allowlist", answer, StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, entry => entry.EventId == 2102 && entry.Message.Contains("example.org:443", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connect_PortNotAllowed_Gets403()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync(["api.github.com", $"127.0.0.1:{echo.Port}"]);

        Assert.StartsWith("HTTP/1.1 403 ", await RequestAsync("CONNECT api.github.com:22 HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 403 ", await RequestAsync($"CONNECT 127.0.0.1:{echo.Port + 1} HTTP/1.1\r\n\r\n"), StringComparison.Ordinal);
        Assert.Equal(0, echo.Accepted);
    }

    [Fact]
    public async Task Connect_NameThatResolvesToLoopback_IsRefusedAsPrivate()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"localhost:{echo.Port}"]);

        var answer = await RequestAsync($"CONNECT localhost:{echo.Port} HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 ", answer, StringComparison.Ordinal);
        Assert.Contains("private, loopback or link-local", answer, StringComparison.Ordinal);
        Assert.Equal(0, echo.Accepted);
    }

    [Fact]
    public async Task Connect_NameThatResolvesToAnAddressListedAsLiteral_IsAllowed()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"localhost:{echo.Port}", $"127.0.0.1:{echo.Port}"]);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT localhost:{echo.Port} HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        await client.SendAsync("hi");
        Assert.Equal("hi", await client.ReadExactlyAsync(2));
    }

    [Fact]
    public async Task Connect_AllowedName_ResolvesOnceAndConnectsToTheCheckedAddress()
    {
        var echo = Own(LocalTcpServer.Echo());
        var lookups = 0;
        HostResolver rebinding = (host, _) =>
        {
            // A rebinding DNS server: first a harmless answer, then the metadata endpoint.
            var first = Interlocked.Increment(ref lookups) == 1;
            return Task.FromResult(new[] { first ? IPAddress.Loopback : IPAddress.Parse("169.254.169.254") });
        };
        await StartProxyAsync([$"app.test:{echo.Port}", $"127.0.0.1:{echo.Port}"], resolver: rebinding);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT app.test:{echo.Port} HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        Assert.Equal(1, lookups);
        Assert.Equal(1, echo.Accepted);
    }

    [Fact]
    public async Task Connect_NameWithPrivateAndPublicAddresses_UsesOnlyTheAllowedOnes()
    {
        var echo = Own(LocalTcpServer.Echo());
        HostResolver mixed = (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Parse("169.254.169.254"), IPAddress.Loopback });
        await StartProxyAsync([$"mixed.test:{echo.Port}", $"127.0.0.1:{echo.Port}"], resolver: mixed);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT mixed.test:{echo.Port} HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, entry => entry.EventId == 2101 && entry.Message.EndsWith("connecting to 127.0.0.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("a.example.com", "200")]
    [InlineData("deep.a.example.com", "200")]
    [InlineData("example.com", "403")]
    [InlineData("badexample.com", "403")]
    public async Task Connect_WildcardEntry_CoversSubdomainsOnly(string host, string status)
    {
        var echo = Own(LocalTcpServer.Echo());
        HostResolver everythingLocal = (_, _) => Task.FromResult(new[] { IPAddress.Loopback });
        await StartProxyAsync([$"*.example.com:{echo.Port}", $"127.0.0.1:{echo.Port}"], resolver: everythingLocal);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync($"CONNECT {host}:{echo.Port} HTTP/1.1\r\n\r\n");

        Assert.StartsWith($"HTTP/1.1 {status} ", await client.ReadHeadAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_AbsoluteUri_IsForwardedInOriginFormWithHostReplaced()
    {
        var http = Own(LocalTcpServer.Http());
        await StartProxyAsync([$"127.0.0.1:{http.Port}"]);
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync(
            $"POST http://127.0.0.1:{http.Port}/simple?name=x HTTP/1.1\r\nHost: evil.example\r\nProxy-Connection: keep-alive\r\n" +
            "Proxy-Authorization: Basic c2VjcmV0\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nContent-Length: 5\r\nAccept: text/plain\r\n\r\nhello");
        var answer = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", answer, StringComparison.Ordinal);
        var received = answer[(answer.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        Assert.StartsWith($"POST /simple?name=x HTTP/1.1\r\nHost: 127.0.0.1:{http.Port}\r\n", received, StringComparison.Ordinal);
        Assert.Contains("\r\nAccept: text/plain\r\n", received, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", received, StringComparison.Ordinal);
        Assert.DoesNotContain("Proxy-", received, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Hop", received, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", received, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nhello", received, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_HostNotOnTheList_Gets403()
    {
        var http = Own(LocalTcpServer.Http());
        await StartProxyAsync([$"127.0.0.1:{http.Port}"]);

        var answer = await RequestAsync("GET http://example.net/ HTTP/1.1\r\nHost: example.net\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 403 ", answer, StringComparison.Ordinal);
        Assert.Contains("example.net:80 is not in this agent's egress allowlist", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")]
    [InlineData("CONNECT example.com HTTP/1.1\r\n\r\n")]
    [InlineData("CONNECT example.com:443 HTTP/1.1\r\n folded\r\n\r\n")]
    public async Task MalformedRequest_Gets400AndIsClosed(string request)
    {
        await StartProxyAsync(["example.com"]);

        var answer = await RequestAsync(request);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains(_logger.Entries, entry => entry.EventId == 2103);
    }

    [Fact]
    public async Task OversizedHead_Gets431AndIsClosed()
    {
        await StartProxyAsync(["example.com"], new EgressProxyLimits { MaxHeadBytes = 4096 });
        using var client = await ProxyClient.ConnectAsync(SocketPath);

        await client.SendAsync("CONNECT example.com:443 HTTP/1.1\r\nX-Padding: " + new string('a', 4096) + "\r\n\r\n");
        var answer = await client.ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TunnelsBeyondTheCap_AreRefusedWith503_AndTheOpenOnesKeepWorking()
    {
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"127.0.0.1:{echo.Port}"], new EgressProxyLimits { MaxTunnels = 2 });
        var connect = $"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\n\r\n";
        using var first = await OpenTunnelAsync(connect);
        using var second = await OpenTunnelAsync(connect);

        var refused = await RequestAsync(connect);

        Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", refused, StringComparison.Ordinal);
        Assert.Contains("2 open egress connections", refused, StringComparison.Ordinal);
        await first.SendAsync("still");
        Assert.Equal("still", await first.ReadExactlyAsync(5));
        Assert.Equal(2, echo.Accepted);

        // Closing one tunnel frees its slot (once the proxy has seen the close).
        first.Dispose();
        await Eventually.TrueAsync(
            async () =>
            {
                using var client = await ProxyClient.ConnectAsync(SocketPath);
                await client.SendAsync(connect);
                return (await client.ReadHeadAsync()).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal);
            },
            "the closed tunnel's slot to be freed");
    }

    [Fact]
    public async Task ConnectionsBeyondTheConnectionCap_AreClosedUnanswered()
    {
        await StartProxyAsync(["example.com"], new EgressProxyLimits { MaxConnections = 1 });
        using var idle = await ProxyClient.ConnectAsync(SocketPath);
        await idle.SendAsync("CONNECT exa");

        using var extra = await ProxyClient.ConnectAsync(SocketPath);

        Assert.Equal(string.Empty, await extra.ReadToEndAsync());
        Assert.Contains(_logger.Entries, entry => entry.EventId == 2107);
    }

    [Fact]
    public async Task SlowHead_GetsA408WhenTheHeadTimeoutPasses()
    {
        var time = new FakeTimeProvider();
        await StartProxyAsync(["example.com"], time: time);
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync("CONNECT exa");
        var answer = client.ReadToEndAsync();

        await time.AdvanceUntilAsync(answer, TimeSpan.FromSeconds(11));

        Assert.StartsWith("HTTP/1.1 408 ", await answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdleTunnel_IsClosedWhenTheIdleTimeoutPasses()
    {
        var time = new FakeTimeProvider();
        var echo = Own(LocalTcpServer.Echo());
        await StartProxyAsync([$"127.0.0.1:{echo.Port}"], time: time);
        using var client = await OpenTunnelAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\n\r\n");
        await client.SendAsync("x");
        Assert.Equal("x", await client.ReadExactlyAsync(1));

        time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Dispose_WithAnOpenTunnel_ClosesItAndRemovesNothingElse()
    {
        var echo = Own(LocalTcpServer.Echo());
        var proxy = EgressProxyListener.Start(SocketPath, (int)LibC.GetEffectiveUserId(), "sbx-test", Policy($"127.0.0.1:{echo.Port}"), _logger);
        using var client = await OpenTunnelAsync($"CONNECT 127.0.0.1:{echo.Port} HTTP/1.1\r\n\r\n");

        await proxy.DisposeAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    private async Task<ProxyClient> OpenTunnelAsync(string connect)
    {
        var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync(connect);
        Assert.StartsWith("HTTP/1.1 200 ", await client.ReadHeadAsync(), StringComparison.Ordinal);
        return client;
    }

    private async Task<string> RequestAsync(string request)
    {
        using var client = await ProxyClient.ConnectAsync(SocketPath);
        await client.SendAsync(request);
        return await client.ReadToEndAsync();
    }

    private Task StartProxyAsync(string[] entries, EgressProxyLimits? limits = null, HostResolver? resolver = null, TimeProvider? time = null)
    {
        var proxy = EgressProxyListener.Start(
            SocketPath,
            (int)LibC.GetEffectiveUserId(),
            "sbx-test",
            Policy(entries),
            _logger,
            limits ?? new EgressProxyLimits(),
            time ?? TimeProvider.System,
            resolver ?? EgressGate.SystemResolver);
        _owned.Add(proxy);
        return Task.CompletedTask;
    }

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static EgressPolicy Policy(params string[] entries)
    {
        Assert.True(EgressPolicy.TryParse(entries, out var policy, out var problems), string.Join(" ", problems));
        return policy;
    }
}
