using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>The sandbox has its own network namespace with only loopback; the model proxy is its one door, and it opens onto the model only.</summary>
public sealed class NetworkEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private const int ProxyPort = 8377;

    [Fact]
    public async Task Network_HasOnlyLoopback()
    {
        var result = await probe.AttackAsync("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '; echo ---; ip -o link show | cut -d: -f2 | tr -d ' '");

        Assert.Equal(["lo", "---", "lo"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Tcp_ToHostListeners_Fails()
    {
        // One listener on every host address, plus the server's and the model's own ports on loopback.
        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var targets = HostIPv4Addresses().Select(a => (a, port)).ToList();
        targets.Add(("127.0.0.1", probe.Server.BaseUrl.Port));
        targets.Add(("127.0.0.1", probe.Model.BaseUrl.Port));
        using (var control = new TcpClient())
        {
            await control.ConnectAsync(IPAddress.Loopback, port);
            (await listener.AcceptTcpClientAsync()).Dispose();
        }

        var script = string.Join('\n', targets.Select(t =>
            $"timeout 5 bash -c 'exec 3<>/dev/tcp/{t.Item1}/{t.Item2.ToString(CultureInfo.InvariantCulture)}' 2>/dev/null && echo 'OPEN {t.Item1}:{t.Item2}' || echo 'closed {t.Item1}:{t.Item2}'"));
        var result = await probe.AttackAsync(script);

        Assert.DoesNotContain("OPEN", result.Output);
        Assert.Equal(targets.Count, result.Output.Split('\n').Count(l => l.StartsWith("closed ", StringComparison.Ordinal)));
        Assert.False(listener.Pending(), "a connection from the sandbox reached the host listener");
    }

    [Fact]
    public async Task Tcp_ToAnotherSessionsLoopbackListener_Fails()
    {
        await using var victim = await probe.StartSessionAsync();
        var listening = await victim.RunAsync(
            "socat TCP-LISTEN:9911,bind=127.0.0.1,fork,reuseaddr EXEC:'echo hello' </dev/null >/dev/null 2>&1 &\n" +
            "sleep 1; socat -u TCP:127.0.0.1:9911 -");
        Assert.Equal("hello", listening.Output.Trim());
        await using var attacker = await probe.StartSessionAsync();

        var result = await attacker.RunAsync("timeout 5 socat -u TCP:127.0.0.1:9911 -; echo \"connect:$?\"");

        Assert.Contains("Connection refused", result.Output);
        Assert.DoesNotContain("hello", result.Output);
        await probe.AssertStillServingAsync(victim);
    }

    [Theory]
    [InlineData("1.1.1.1", 443)]
    [InlineData("8.8.8.8", 53)]
    [InlineData("169.254.169.254", 80)]
    [InlineData("10.0.0.1", 80)]
    [InlineData("192.168.1.1", 80)]
    [InlineData("2606:4700:4700::1111", 443)]
    public async Task Tcp_ToInternetOrCloudMetadata_IsUnreachable(string address, int port)
    {
        var family = address.Contains(':', StringComparison.Ordinal) ? "AF_INET6" : "AF_INET";
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import socket\n" +
            $"s = socket.socket(socket.{family}, socket.SOCK_STREAM)\n" +
            "s.settimeout(5)\n" +
            "try:\n" +
            $"    s.connect(('{address}', {port}))\n" +
            "    print('CONNECTED')\n" +
            "except OSError as error:\n" +
            "    print('errno', error.errno, error.strerror)\n" +
            "PY");

        Assert.Contains("errno 101 Network is unreachable", result.Output);
    }

    [Fact]
    public async Task UdpAndDns_Fail()
    {
        var result = await probe.AttackAsync(
            "getent hosts example.com; echo \"getent:$?\"\n" +
            "python3 -c \"import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('1.1.1.1', 53))\"; echo \"udp:$?\"\n" +
            "curl -sS -m 5 https://example.com/ -o /dev/null; echo \"curl:$?\"");

        Assert.Contains("getent:2", result.Output);
        Assert.Contains("udp:1", result.Output);
        Assert.Contains("Network is unreachable", result.Output);
        Assert.Contains("curl:6", result.Output);
    }

    [Fact]
    public async Task RawAndPacketSockets_AreRefused()
    {
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import socket\n" +
            "for name, family, kind, protocol in [('packet', socket.AF_PACKET, socket.SOCK_RAW, 0), ('raw', socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)]:\n" +
            "    try:\n" +
            "        socket.socket(family, kind, protocol)\n" +
            "        print(name, 'OPENED')\n" +
            "    except OSError as error:\n" +
            "        print(name, 'errno', error.errno)\n" +
            "PY");

        // EPERM (no CAP_NET_RAW) or EAFNOSUPPORT (the seccomp filter allows no packet sockets at all).
        Assert.Matches(@"(?m)^packet errno (1|97)$", result.Output);
        Assert.Contains("raw errno 1", result.Output);
    }

    [Fact]
    public async Task ModelProxy_WithoutTheSandboxToken_Is401AndNeverReachesTheModel()
    {
        var path = "/probe-" + Guid.NewGuid().ToString("N");

        var result = await probe.AttackAsync(
            $"curl -s -o /dev/null -w 'none:%{{http_code}}\\n' http://127.0.0.1:{ProxyPort}{path} -d '{{}}'\n" +
            $"curl -s -o /dev/null -w 'wrong:%{{http_code}}\\n' -H 'x-api-key: sbx_0000' http://127.0.0.1:{ProxyPort}{path} -d '{{}}'\n" +
            $"curl -s -o /dev/null -w 'real:%{{http_code}}\\n' -H 'x-api-key: {PlatformFixture.RealModelKey}' http://127.0.0.1:{ProxyPort}{path} -d '{{}}'");

        Assert.Contains("none:401", result.Output);
        Assert.Contains("wrong:401", result.Output);
        Assert.Contains("real:401", result.Output);
        Assert.DoesNotContain(probe.Model.Requests, r => r.Path.Contains(path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ModelProxy_CannotBeAimedAtAnotherHost()
    {
        var server = $"127.0.0.1:{probe.Server.BaseUrl.Port.ToString(CultureInfo.InvariantCulture)}";

        // With the sandbox's own valid token: absolute-form and authority-form targets, paths that
        // look like authorities, and a Host header pointing at the server.
        var result = await probe.AttackAsync(
            $"raw() {{ printf '%s HTTP/1.1\\r\\nHost: {server}\\r\\nx-api-key: %s\\r\\nConnection: close\\r\\n\\r\\n' \"$1\" \"$ANTHROPIC_API_KEY\" | timeout 10 socat - TCP:127.0.0.1:{ProxyPort}; echo; }}\n" +
            $"raw 'GET http://{server}/health'\n" +
            $"raw 'CONNECT {server}'\n" +
            $"raw 'GET //{server}/health'\n" +
            $"raw 'GET /@{server}/health'\n" +
            $"curl -s --path-as-is -H \"x-api-key: $ANTHROPIC_API_KEY\" -H 'Host: {server}' http://127.0.0.1:{ProxyPort}/health; echo");

        Assert.DoesNotContain("activeSessions", result.Output);
        Assert.DoesNotContain("\"status\":\"ok\"", result.Output);
        Assert.Contains("HTTP/1.1 400", result.Output);
    }

    private static IEnumerable<string> HostIPv4Addresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => a.ToString())
            .Distinct();
}
