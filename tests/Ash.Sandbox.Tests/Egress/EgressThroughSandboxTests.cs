using Ash.Sandbox.Egress;
using Ash.Sandbox.Tests.Seccomp;

namespace Ash.Sandbox.Tests.Egress;

/// <summary>
/// The whole path as the launcher will wire it: a sandbox (own uid, no network, under the seccomp
/// filter) whose socat forwards 127.0.0.1:8378 to the egress socket, and a client that only knows the
/// proxy variables. The destination is a real HTTP server on the host's 127.0.0.1.
/// </summary>
public sealed class EgressThroughSandboxTests(SeccompFilterFile filter) : IClassFixture<SeccompFilterFile>, IAsyncDisposable
{
    private const string Client = """
        import http.client, os, socket, sys, time, urllib.error, urllib.request
        port = int(sys.argv[1])
        for _ in range(200):  # wait for socat to listen
            try:
                socket.create_connection(("127.0.0.1", 8378)).close(); break
            except OSError:
                time.sleep(0.05)
        print(urllib.request.urlopen(f"http://127.0.0.1:{port}/plain").read().decode().splitlines()[0])
        tunnel = http.client.HTTPConnection("127.0.0.1", 8378)
        tunnel.set_tunnel("127.0.0.1", port)
        tunnel.request("GET", "/tunneled")
        print(tunnel.getresponse().read().decode().splitlines()[0])
        try:
            urllib.request.urlopen("http://example.com/")
        except urllib.error.HTTPError as error:
            print(error.code, error.read().decode().strip())
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("ash-egress-e2e-").FullName;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task SandboxedClient_WithProxyVariables_ReachesAllowedHostAndGets403ForOthers()
    {
        await using var http = LocalTcpServer.Http();
        File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Assert.True(EgressPolicy.TryParse([$"127.0.0.1:{http.Port}"], out var policy, out _));
        var logger = new ListLogger();
        await using var proxy = EgressProxyListener.Start(Path.Combine(_directory, "egress.sock"), MinimalSandbox.Uid, "sbx-e2e", policy, logger);
        var launcher = "socat TCP-LISTEN:8378,bind=127.0.0.1,fork,reuseaddr UNIX-CONNECT:/run/ash/egress.sock </dev/null >/dev/null 2>&1 &\n" +
                       "exec python3 -c \"$0\" \"$@\"";

        var run = await MinimalSandbox.RunAsync(
            filter.Path,
            ["sh", "-c", launcher, Client, http.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            environment: new Dictionary<string, string> { ["HTTP_PROXY"] = "http://127.0.0.1:8378", ["http_proxy"] = "http://127.0.0.1:8378" },
            bwrapArguments: ["--ro-bind", _directory, "/run/ash"]);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("GET /plain HTTP/1.1", lines[0]);
        Assert.Equal("GET /tunneled HTTP/1.1", lines[1]);
        Assert.StartsWith("403 Ash egress proxy: example.com:80 is not in this agent's egress allowlist", lines[2], StringComparison.Ordinal);
        Assert.Equal(2, http.Accepted);
    }
}
