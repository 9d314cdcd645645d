using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>Secrets of the host (its environment, the real model key, the API key) and its open files must not reach a sandbox.</summary>
public sealed class EnvironmentEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    private static readonly string[] Secrets = [PlatformFixture.RealModelKey, PlatformFixture.HostSecret, "ASH_TEST_HOST_SECRET", TestServer.ApiKey];

    [Fact]
    public async Task Environment_OfEverySandboxProcess_HoldsNoHostSecret()
    {
        // /proc/1 is bwrap's own init: whatever bwrap was started with is readable there (sandbox-facts.md §0.3).
        var result = await probe.AttackAsync(
            "env; echo ---; for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ; tr '\\0' ' ' < $p/cmdline; echo; done");

        Assert.Contains("ANTHROPIC_API_KEY=sbx_", result.Output);
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, result.Output);
        }
    }

    [Fact]
    public async Task Files_InTheSandbox_HoldNoHostSecret()
    {
        var patterns = string.Join(' ', Secrets.Select(s => $"-e '{s}'"));

        var result = await probe.AttackAsync(
            $"grep -rlF {patterns} /etc /home /workspace /tmp /opt /run /dev/shm 2>/dev/null; echo \"grep:$?\"");

        // 1: nothing matched; 2: nothing matched and some path was unreadable (/run/ash is traverse-only).
        Assert.Matches("^grep:[12]$", result.Output.Trim());
    }

    [Fact]
    public async Task FileDescriptors_NoneInheritedFromTheHost()
    {
        var result = await probe.AttackAsync(
            "ls /proc/self/fd | tr '\\n' ' '; echo\n" +
            "for p in /proc/[0-9]*; do for f in $p/fd/*; do readlink \"$f\"; done; done 2>/dev/null");

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // ls opens the directory it lists as fd 3; anything above that was inherited.
        Assert.Equal("0 1 2 3", lines[0].Trim());

        // No process in the sandbox holds a socket the server holds, or a file of the server's.
        var serverSockets = HostSocketInodes();
        Assert.NotEmpty(serverSockets);
        foreach (var target in lines.Skip(1))
        {
            Assert.DoesNotContain(target, serverSockets);
            Assert.DoesNotContain(probe.Server.DataDirectory, target);
            Assert.DoesNotContain("ash.db", target);
            Assert.DoesNotContain(RepositoryPaths.Root, target);
        }
    }

    /// <summary>The <c>socket:[inode]</c> targets of this process's descriptors: the server runs in it.</summary>
    private static HashSet<string> HostSocketInodes()
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(descriptor).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets.Add(target);
                }
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return sockets;
    }
}
