using System.Diagnostics;
using System.Net.Sockets;

namespace Ash.Server.Tests.Adversarial;

/// <summary>
/// Unix sockets are the classic way out of a filesystem sandbox: a read-only bind still lets connect()
/// through (sandbox-facts.md §0.4), and abstract sockets ignore the filesystem altogether.
/// </summary>
public sealed class SocketEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    /// <summary>Tries to connect to each path (or abstract name, with a leading @) and prints one line per target.</summary>
    private static string ConnectEach(IEnumerable<string> targets) =>
        "python3 - <<'PY'\n" +
        "import socket\n" +
        $"for target in [{string.Join(", ", targets.Select(t => "'" + t + "'"))}]:\n" +
        "    address = '\\0' + target[1:] if target.startswith('@') else target\n" +
        "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n" +
        "    s.settimeout(5)\n" +
        "    try:\n" +
        "        s.connect(address)\n" +
        "        print('CONNECTED', target)\n" +
        "    except OSError as error:\n" +
        "        print('refused', target, error.errno)\n" +
        "    finally:\n" +
        "        s.close()\n" +
        "PY";

    [Fact]
    public async Task UnixSockets_NoneVisibleButTheSessionsOwnModelSocket()
    {
        // stat() every path: find's -type trusts readdir's d_type, which shows a bind-mounted socket as
        // the empty file bwrap mounted it on. /run/ash is traverse-only, so the model socket is not listed.
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import os, stat\n" +
            "scanned = 0\n" +
            "for root, dirs, files in os.walk('/'):\n" +
            "    if root == '/':\n" +
            "        dirs[:] = [d for d in dirs if d not in ('proc', 'sys')]\n" +
            "    for name in dirs + files:\n" +
            "        scanned += 1\n" +
            "        path = os.path.join(root, name)\n" +
            "        try:\n" +
            "            if stat.S_ISSOCK(os.stat(path, follow_symlinks=False).st_mode):\n" +
            "                print('SOCKET', path)\n" +
            "        except OSError:\n" +
            "            pass\n" +
            "print('scanned', scanned > 1000)\n" +
            "PY\n" +
            "stat -c %F /run/ash/model.sock");

        Assert.Equal(["scanned True", "socket"], result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Connect_ToHostUnixSockets_Fails()
    {
        // A socket anyone on the host may connect to, plus every socket the host has in the usual places.
        var own = Path.Combine(Path.GetTempPath(), "ash-tests", "probe-" + Guid.NewGuid().ToString("N")[..8] + ".sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(own));
        File.SetUnixFileMode(own, (UnixFileMode)0b111_111_111);
        listener.Listen(4);
        try
        {
            await AssertHostCanConnectAsync(new UnixDomainSocketEndPoint(own));
            var targets = HostSocketPaths().Append(own).Distinct().ToList();

            var result = await probe.AttackAsync(ConnectEach(targets));

            Assert.DoesNotContain("CONNECTED", result.Output);
            Assert.Equal(targets.Count, result.Output.Split('\n').Count(l => l.StartsWith("refused ", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(own);
        }
    }

    [Fact]
    public async Task Connect_ToHostAbstractSocket_Fails()
    {
        var name = "ash-probe-" + Guid.NewGuid().ToString("N")[..12];
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint("\0" + name));
        listener.Listen(4);
        await AssertHostCanConnectAsync(new UnixDomainSocketEndPoint("\0" + name));

        var result = await probe.AttackAsync(ConnectEach(["@" + name]) + $"\nsocat -u OPEN:/dev/null ABSTRACT-CONNECT:{name}; echo \"socat:$?\"");

        // Abstract names live in the network namespace: the sandbox has its own, where nobody listens.
        Assert.Contains($"refused @{name} 111", result.Output);
        Assert.DoesNotContain("socat:0", result.Output);
    }

    [Fact]
    public async Task Connect_ToOtherSessionsModelSocket_Fails()
    {
        await using var victim = await probe.StartSessionAsync();
        var victimSocket = $"/run/ash/{victim.Id:N}/model.sock";
        Assert.True(File.Exists(victimSocket), $"host control: {victimSocket} exists on the host");
        await using var attacker = await probe.StartSessionAsync();

        var result = await attacker.RunAsync("stat -c %F /run/ash/model.sock\n" + ConnectEach([victimSocket, $"/run/ash/../{victim.Id:N}/model.sock"]));

        Assert.StartsWith("socket\n", result.Output);
        Assert.DoesNotContain("CONNECTED", result.Output);
        Assert.Contains($"refused {victimSocket} 2", result.Output);
        await probe.AssertStillServingAsync(victim);
    }

    [Fact]
    public async Task Connect_ToOtherSessionsAbstractSocket_Fails()
    {
        var name = "ash-victim-" + Guid.NewGuid().ToString("N")[..12];
        await using var victim = await probe.StartSessionAsync();
        var listening = await victim.RunAsync(
            $"socat ABSTRACT-LISTEN:{name},fork EXEC:'echo hello' </dev/null >/dev/null 2>&1 &\n" +
            $"sleep 1; socat -u ABSTRACT-CONNECT:{name} -");
        Assert.Equal("hello", listening.Output.Trim());
        await using var attacker = await probe.StartSessionAsync();

        var result = await attacker.RunAsync(ConnectEach(["@" + name]));

        Assert.Contains($"refused @{name} 111", result.Output);
        await probe.AssertStillServingAsync(victim);
    }

    private static async Task AssertHostCanConnectAsync(UnixDomainSocketEndPoint endpoint)
    {
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(endpoint, timeout.Token);
    }

    /// <summary>Every Unix socket under the host's /run, /var/run and /tmp (a few levels deep).</summary>
    private static List<string> HostSocketPaths()
    {
        var find = new ProcessStartInfo("find") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "/run", "/var/run", "/tmp", "-maxdepth", "4", "-type", "s" })
        {
            find.ArgumentList.Add(argument);
        }

        using var process = Process.Start(find)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.Contains('\'', StringComparison.Ordinal)).ToList();
    }
}
