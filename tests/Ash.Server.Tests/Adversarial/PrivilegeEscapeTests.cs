using System.Globalization;

namespace Ash.Server.Tests.Adversarial;

/// <summary>Attempts to gain privileges inside the sandbox: capabilities, setuid, uid 0, user namespaces, mounts, kernel knobs.</summary>
public sealed class PrivilegeEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    [Fact]
    public async Task Sandbox_HasNoCapabilitiesAndNoNewPrivileges()
    {
        var result = await probe.AttackAsync("grep -E '^(Cap|NoNewPrivs)' /proc/self/status; id -u; id -G");

        Assert.Contains("NoNewPrivs:\t1", result.Output);
        foreach (var set in new[] { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb" })
        {
            Assert.Contains($"{set}:\t0000000000000000", result.Output);
        }

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var uid = int.Parse(lines[^2].Trim(), CultureInfo.InvariantCulture);
        Assert.True(uid >= 200_000, $"the agent ran as uid {uid}");
        Assert.Equal(uid.ToString(CultureInfo.InvariantCulture), lines[^1].Trim());
    }

    [Fact]
    public async Task ConcurrentSessions_RunAsDifferentUnprivilegedHostUids()
    {
        await using var first = await probe.StartSessionAsync();
        await using var second = await probe.StartSessionAsync();

        var firstUid = int.Parse((await first.RunAsync("id -u")).Output.Trim(), CultureInfo.InvariantCulture);
        var secondUid = int.Parse((await second.RunAsync("id -u")).Output.Trim(), CultureInfo.InvariantCulture);

        Assert.NotEqual(firstUid, secondUid);
        Assert.True(firstUid >= 200_000 && secondUid >= 200_000, $"uids {firstUid} and {secondUid}");

        // The uid inside is the real host uid: no mapping back to host root.
        Assert.Equal(firstUid, HostProcesses.UidOf(probe.Server.AgentPidOf(first.Id)!.Value));
        Assert.Equal(secondUid, HostProcesses.UidOf(probe.Server.AgentPidOf(second.Id)!.Value));
    }

    [Fact]
    public async Task Setuid_BinariesAndCopies_GrantNothing()
    {
        var result = await probe.AttackAsync(
            "grep ' /usr /usr ' /proc/self/mountinfo\n" +
            "su -c 'id -u' root </dev/null; echo \"su:$?\"\n" +
            "sudo id -u; echo \"sudo:$?\"\n" +
            "cp /usr/bin/su /tmp/su && chmod 4755 /tmp/su && /tmp/su -c 'id -u' root </dev/null; echo \"su-copy:$?\"\n" +
            "cp /usr/bin/id /tmp/id && chmod 6755 /tmp/id && /tmp/id -u");

        Assert.Contains("nosuid", result.Output.Split('\n')[0]);
        Assert.Contains("su:1", result.Output);
        Assert.Contains("sudo:127", result.Output);
        Assert.Contains("su-copy:1", result.Output);
        Assert.DoesNotContain("\n0\n", "\n" + result.Output);
    }

    [Fact]
    public async Task BecomingRoot_Fails()
    {
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import os\n" +
            "for name, attempt in [('setuid', lambda: os.setuid(0)), ('setgid', lambda: os.setgid(0)), ('setgroups', lambda: os.setgroups([0])), ('chroot', lambda: os.chroot('/tmp'))]:\n" +
            "    try:\n" +
            "        attempt()\n" +
            "        print(name, 'SUCCEEDED')\n" +
            "    except OSError as error:\n" +
            "        print(name, 'failed', error.errno)\n" +
            "PY\n" +
            "setpriv --reuid=0 --regid=0 --clear-groups id -u; echo \"setpriv:$?\"");

        Assert.DoesNotContain("SUCCEEDED", result.Output);
        Assert.Contains("chroot failed 1", result.Output);
        Assert.DoesNotContain("setpriv:0", result.Output);
    }

    [Fact]
    public async Task NestedNamespaces_CannotBeCreated()
    {
        var result = await probe.AttackAsync(
            "unshare -U true; echo \"user:$?\"; unshare -r id -u; echo \"map-root:$?\"; unshare -m true; echo \"mount:$?\"; " +
            "unshare -n true; echo \"net:$?\"; unshare -p -f true; echo \"pid:$?\"");

        foreach (var kind in new[] { "user", "map-root", "mount", "net", "pid" })
        {
            Assert.Contains($"{kind}:1", result.Output);
        }
    }

    [Fact]
    public async Task Mount_Fails()
    {
        var result = await probe.AttackAsync(
            "mkdir -p /tmp/m; mount -t tmpfs none /tmp/m; echo \"tmpfs:$?\"; mount --bind /workspace /tmp/m; echo \"bind:$?\"; " +
            "umount /usr; echo \"umount:$?\"; mount -o remount,rw /usr; echo \"remount:$?\"; touch /usr/escape-probe; echo \"touch:$?\"");

        Assert.Contains("tmpfs:32", result.Output);
        Assert.Contains("bind:32", result.Output);
        Assert.Contains("umount:32", result.Output);
        Assert.Contains("remount:32", result.Output);
        Assert.Contains("touch:1", result.Output);
    }

    [Fact]
    public async Task KernelKnobs_AreNotWritable()
    {
        var result = await probe.AttackAsync(
            "for f in /proc/sys/kernel/hostname /proc/sys/vm/drop_caches /proc/sysrq-trigger /proc/sys/kernel/core_pattern; do " +
            "(echo 1 > $f) 2>/dev/null && echo \"WROTE $f\"; done\n" +
            "echo -1000 > /proc/self/oom_score_adj; echo \"oom:$?\"; hostname escaped; echo \"hostname:$?\"; cat /proc/self/oom_score_adj");

        Assert.DoesNotContain("WROTE", result.Output);
        Assert.Contains("oom:1", result.Output);
        Assert.Contains("hostname:1", result.Output);
        Assert.EndsWith("\n0\n", result.Output);
    }

    /// <summary>
    /// Defence in depth (sandbox-facts.md §2.3): bwrap installs no seccomp filter of its own, so every
    /// syscall below reaches the kernel unless the platform adds one. Each is called with arguments that
    /// fail with EFAULT/EBADF/EINVAL when the kernel sees them, and EPERM/ENOSYS when a filter stops them
    /// (Flatpak's try-syscall method).
    /// </summary>
    [Fact]
    public async Task KernelAttackSurface_RiskySyscallsAreFiltered()
    {
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import ctypes, platform\n" +
            "libc = ctypes.CDLL(None, use_errno=True)\n" +
            "libc.syscall.restype = ctypes.c_long\n" +
            "numbers = {'x86_64': {'io_uring_setup': 425, 'keyctl': 250, 'add_key': 248, 'perf_event_open': 298, 'open_tree': 428, 'ptrace': 101},\n" +
            "           'aarch64': {'io_uring_setup': 425, 'keyctl': 219, 'add_key': 217, 'perf_event_open': 241, 'open_tree': 428, 'ptrace': 117}}[platform.machine()]\n" +
            "arguments = {'io_uring_setup': (1, 0), 'keyctl': (0, -3, 0), 'add_key': (0, 0, 0, 0, 0), 'perf_event_open': (0, 0, -1, -1, 0), 'open_tree': (-100, 0, 0), 'ptrace': (2, 999999, 0, 0)}\n" +
            "for name, number in numbers.items():\n" +
            "    ctypes.set_errno(0)\n" +
            "    returned = libc.syscall(ctypes.c_long(number), *[ctypes.c_long(a) for a in arguments[name]])\n" +
            "    errno = ctypes.get_errno()\n" +
            "    print(name, 'filtered' if returned < 0 and errno in (1, 38) else f'REACHED-KERNEL (returned {returned}, errno {errno})')\n" +
            "PY");

        var reached = result.Output.Split('\n').Where(l => l.Contains("REACHED-KERNEL", StringComparison.Ordinal)).ToList();
        Assert.True(reached.Count == 0, "syscalls that reached the kernel: " + string.Join("; ", reached));
        Assert.Equal(6, result.Output.Split('\n').Count(l => l.EndsWith(" filtered", StringComparison.Ordinal)));
    }
}
