using Ash.Testing.Server;

namespace Ash.Server.Tests.Adversarial;

/// <summary>Reads and writes aimed at host files, the data directory and other sessions' files, from inside a sandbox.</summary>
public sealed class FileEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/etc/gshadow")]
    [InlineData("/etc/machine-id")]
    public async Task Read_HostEtcFile_DoesNotExist(string path)
    {
        Assert.True(File.Exists(path), $"host control: {path} exists on the host");

        var result = await probe.AttackAsync($"cat {path}");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("No such file or directory", result.Output);
    }

    [Fact]
    public async Task Read_HostRootHomeAndSystemDirectories_DoNotExist()
    {
        var result = await probe.AttackAsync("for d in /root /var /srv /mnt /boot /lost+found; do ls -a $d >/dev/null 2>&1 && echo \"VISIBLE $d\"; done; ls /");

        Assert.DoesNotContain("VISIBLE", result.Output);
        var topLevel = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal);
        Assert.Equal(["bin", "dev", "etc", "home", "lib", "lib64", "opt", "proc", "run", "sbin", "tmp", "usr", "workspace"], topLevel);
    }

    [Fact]
    public async Task Read_DataDirectoryAndRepository_DoNotExist()
    {
        var data = probe.Server.DataDirectory;
        var runtimeDirectory = Path.GetDirectoryName(ProbeFixture.RuntimePath)!;
        Assert.True(Directory.Exists(Path.Combine(data, "sandboxes")), "host control: the data directory holds the sandboxes");

        var result = await probe.AttackAsync(
            $"for p in '{data}' '{data}/sandboxes' '{data}/ash.db' '{RepositoryPaths.Root}' '{runtimeDirectory}' /tmp/ash-tests; do " +
            "ls -d \"$p\" >/dev/null 2>&1 && echo \"VISIBLE $p\"; done; echo checked");

        Assert.Equal("checked", result.Output.Trim());
    }

    [Fact]
    public async Task Read_OtherLiveSessionsWorkspace_ByHostPathOrProc_Fails()
    {
        var secret = "other-session-secret-" + Guid.NewGuid().ToString("N");
        await using var victim = await probe.StartSessionAsync();
        Assert.Equal(0, (await victim.RunAsync($"echo {secret} > /workspace/secret.txt")).ExitCode);
        var victimWorkspace = probe.Server.WorkspaceOf(victim.Id);
        Assert.Equal(secret, File.ReadAllText(Path.Combine(victimWorkspace, "secret.txt")).Trim());

        await using var attacker = await probe.StartSessionAsync();
        var result = await attacker.RunAsync(
            $"cat '{victimWorkspace}/secret.txt'; echo \"host-path:$?\"\n" +
            "cat /proc/[0-9]*/root/workspace/secret.txt; echo \"proc-root:$?\"\n" +
            "cat /proc/[0-9]*/cwd/secret.txt; echo \"proc-cwd:$?\"\n" +
            "find / -path /proc -prune -o -name secret.txt -print 2>/dev/null; echo \"find:done\"");

        Assert.DoesNotContain(secret, result.Output);
        Assert.Contains("host-path:1", result.Output);
        Assert.Contains("proc-root:1", result.Output);
        Assert.Contains("proc-cwd:1", result.Output);
        Assert.Contains("find:done", result.Output);
        await probe.AssertStillServingAsync(victim);
    }

    [Theory]
    [InlineData("/usr")]
    [InlineData("/usr/bin")]
    [InlineData("/etc")]
    [InlineData("/opt/ash/runtime")]
    [InlineData("/run/ash")]
    public async Task Write_IntoReadOnlyMount_FailsReadOnly(string directory)
    {
        var name = "escape-" + Guid.NewGuid().ToString("N");
        var result = await probe.AttackAsync($"echo pwned > {directory}/{name}");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Read-only file system", result.Output);
        Assert.False(File.Exists(Path.Combine("/usr", name)) || File.Exists(Path.Combine("/usr/bin", name)));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(ProbeFixture.RuntimePath)!, name)), "the runtime directory on the host was written");
    }

    [Fact]
    public async Task Write_ExistingRuntimeAndSystemFiles_Fails()
    {
        var runtimeBefore = File.ReadAllBytes(ProbeFixture.RuntimePath + ".dll");

        var result = await probe.AttackAsync(
            "for f in /opt/ash/runtime/ash-probe-runtime.dll /usr/bin/env /etc/passwd; do " +
            "(printf x >> \"$f\") 2>/dev/null && echo \"WROTE $f\"; rm -f \"$f\" 2>/dev/null && echo \"REMOVED $f\"; done; echo checked");

        Assert.Equal("checked", result.Output.Trim());
        Assert.Equal(runtimeBefore, File.ReadAllBytes(ProbeFixture.RuntimePath + ".dll"));
    }

    /// <summary>
    /// Outside /workspace, /tmp and $HOME nothing should be writable. The sandbox's root is a tmpfs that
    /// bwrap builds, so a write there stays inside the sandbox, but it is writable without any size limit.
    /// </summary>
    [Fact]
    public async Task Write_SandboxRootFilesystem_Fails()
    {
        var result = await probe.AttackAsync(
            "for d in / /opt /run /dev; do (echo x > \"$d/escape-probe\") 2>/dev/null && echo \"WROTE $d\"; done; echo checked");

        Assert.Equal("checked", result.Output.Trim());
    }

    [Fact]
    public async Task HardLink_ToHostFiles_FailsCrossDevice()
    {
        var result = await probe.AttackAsync(
            "ln /usr/bin/su /workspace/su-link; echo \"su:$?\"; ln /etc/passwd /workspace/passwd-link; echo \"passwd:$?\"; " +
            "ln /opt/ash/runtime/ash-probe-runtime.dll /tmp/runtime-link; echo \"runtime:$?\"");

        Assert.Contains("su:1", result.Output);
        Assert.Contains("passwd:1", result.Output);
        Assert.Contains("runtime:1", result.Output);
        Assert.Contains("Invalid cross-device link", result.Output);
    }

    [Fact]
    public async Task Symlink_ToHostPaths_ResolvesInsideTheSandboxOnly()
    {
        var data = probe.Server.DataDirectory;
        var result = await probe.AttackAsync(
            $"ln -s /etc/shadow /workspace/shadow-link && cat /workspace/shadow-link; echo \"shadow:$?\"\n" +
            $"ln -s '{data}' /workspace/data-link && ls /workspace/data-link/; echo \"data:$?\"\n" +
            "ln -s ../../../../../../../../ /workspace/up && ls /workspace/up/; echo \"up:$?\"");

        Assert.Contains("shadow:1", result.Output);
        Assert.Contains("data:2", result.Output);
        Assert.DoesNotContain("sandboxes", result.Output);
        Assert.DoesNotContain("ash.db", result.Output);

        // "Up" from the workspace is the sandbox's own root.
        Assert.Contains("workspace", result.Output);
        Assert.Contains("up:0", result.Output);
    }
}
