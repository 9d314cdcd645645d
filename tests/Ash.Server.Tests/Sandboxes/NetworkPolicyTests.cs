using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Sandboxes;

/// <summary>
/// Network policy per agent, seen from inside: none by default, hosts on the agent's allowlist through
/// the host-side egress proxy (everything else refused), and the seccomp filter on every sandbox.
/// </summary>
public sealed class NetworkPolicyTests(PlatformFixture platform) : IClassFixture<PlatformFixture>, IAsyncLifetime
{
    private const string Body = "egress-reached-the-host";
    private readonly TcpListener _site = new(IPAddress.Any, 0);
    private Task _serving = Task.CompletedTask;

    private HttpClient Http => platform.Server.Http;

    private int SitePort => ((IPEndPoint)_site.LocalEndpoint).Port;

    /// <summary>This machine's own non-loopback address: reachable from the host, never from a sandbox's loopback.</summary>
    private static string HostAddress => NetworkInterface.GetAllNetworkInterfaces()
        .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
        .SelectMany(i => i.GetIPProperties().UnicastAddresses)
        .Select(a => a.Address)
        .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        .ToString();

    public ValueTask InitializeAsync()
    {
        _site.Start();
        _serving = ServeAsync();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _site.Stop();
        await _serving;
    }

    private async Task<string> RunAsync(string? ashJson, string command)
    {
        var agent = await Api.DeployAgentAsync(Http, AgentFolders.Create(ashJson));
        var session = await Api.CreateSessionAsync(Http, agent);
        var frames = await Api.SendAsync(Http, session, $"[[bash:{command}]]");
        return Assert.Single(frames, f => f.Event == "tool_result").Json.GetProperty("content").GetString()!;
    }

    [Fact]
    public async Task Allowlist_ReachesListedHost_AndIsRefusedEverywhereElse()
    {
        var site = $"{HostAddress}:{SitePort}";
        var output = await RunAsync(
            $$"""{ "network": { "mode": "allowlist", "allow": ["{{site}}"] } }""",
            $"curl -s -m 20 http://{site}/; echo; curl -s -m 20 -o /dev/null -w 'other=%{{http_code}}' http://example.com/; echo; curl -s -m 20 -o /dev/null -w 'port=%{{http_code}}' http://{HostAddress}:{platform.Server.BaseUrl.Port}/health");

        Assert.Contains(Body, output);
        Assert.Contains("other=403", output);
        Assert.Contains("port=403", output);
    }

    [Fact]
    public async Task NoNetworkPolicy_ReachesNothing_AndHasNoProxy()
    {
        var output = await RunAsync(null, $"curl -s -m 5 http://{HostAddress}:{SitePort}/ || echo unreachable; env | grep -i _proxy || echo no-proxy");

        Assert.DoesNotContain(Body, output);
        Assert.Contains("unreachable", output);
        Assert.Contains("no-proxy", output);
    }

    [Fact]
    public async Task FullNetwork_IsRefusedAtDeploy_UnlessTheServerAllowsIt()
    {
        using var response = await Http.PostAsync("/api/agents", new StringContent(
            $$"""{ "name": "full-net", "path": "{{AgentFolders.Create("""{ "network": { "mode": "full" } }""")}}" }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("network_not_allowed", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Sandbox_RunsUnderTheSeccompFilter()
    {
        var output = await RunAsync(null, "grep Seccomp: /proc/self/status; unshare -U true 2>&1 || echo unshare-refused");

        Assert.Contains("Seccomp:\t2", output);
        Assert.Contains("unshare-refused", output);
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _site.AcceptTcpClientAsync();
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer);
                var response = $"HTTP/1.1 200 OK\r\nContent-Length: {Body.Length}\r\nConnection: close\r\n\r\n{Body}";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }
}
