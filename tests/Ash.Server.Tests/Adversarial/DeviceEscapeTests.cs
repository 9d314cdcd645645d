namespace Ash.Server.Tests.Adversarial;

/// <summary>Devices, terminals and kernel filesystems: a fresh minimal /dev, no controlling terminal, no /sys.</summary>
public sealed class DeviceEscapeTests(ProbeFixture probe) : IClassFixture<ProbeFixture>
{
    [Fact]
    public async Task Dev_HoldsOnlyTheMinimalSet()
    {
        // stat each path, not find -type: the nodes are bind mounts over empty files, and readdir reports those.
        var result = await probe.AttackAsync("ls -A /dev; echo ---; for f in $(find /dev -mindepth 1 ! -type l); do stat -c '%F %n' \"$f\"; done | grep -E '^(character|block)' | cut -d' ' -f4");

        var parts = result.Output.Split("---\n");
        var entries = parts[0].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string[] minimal = ["core", "fd", "full", "null", "ptmx", "pts", "random", "shm", "stderr", "stdin", "stdout", "tty", "urandom", "zero"];
        Assert.All(entries, entry => Assert.Contains(entry, minimal));

        var devices = parts[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        Assert.Contains("/dev/null", devices);
        Assert.All(devices, device => Assert.Contains(device, new[] { "/dev/full", "/dev/null", "/dev/pts/ptmx", "/dev/random", "/dev/tty", "/dev/urandom", "/dev/zero" }));
    }

    [Fact]
    public async Task Mknod_DeviceNodes_Fail()
    {
        var result = await probe.AttackAsync("mknod /tmp/mem c 1 1; echo \"char:$?\"; mknod /workspace/disk b 254 0; echo \"block:$?\"");

        Assert.Contains("char:1", result.Output);
        Assert.Contains("block:1", result.Output);
        Assert.Contains("Operation not permitted", result.Output);
    }

    [Fact]
    public async Task HostDevicesAndKernelMemory_DoNotExist()
    {
        var result = await probe.AttackAsync(
            "for d in /dev/mem /dev/kmem /dev/port /dev/kmsg /dev/vda /dev/sda /dev/nvme0n1 /dev/loop0 /dev/fuse /dev/net/tun /dev/kvm /dev/console /proc/kcore; do " +
            "head -c 1 $d >/dev/null 2>&1 && echo \"READ $d\"; done; echo checked");

        Assert.Equal("checked", result.Output.Trim());
    }

    [Fact]
    public async Task ControllingTerminal_IsAbsent_SoTiocstiCannotInject()
    {
        // TIOCSTI pushes input into a terminal; with --new-session the sandbox has none (CVE-2017-5226).
        var result = await probe.AttackAsync(
            "python3 - <<'PY'\n" +
            "import fcntl, os, termios\n" +
            "try:\n" +
            "    os.open('/dev/tty', os.O_RDWR)\n" +
            "    print('tty OPENED')\n" +
            "except OSError as error:\n" +
            "    print('tty errno', error.errno)\n" +
            "for fd in (0, 1, 2):\n" +
            "    try:\n" +
            "        fcntl.ioctl(fd, termios.TIOCSTI, b'x')\n" +
            "        print(fd, 'INJECTED')\n" +
            "    except OSError as error:\n" +
            "        print(fd, 'errno', error.errno)\n" +
            "PY\n" +
            "ps -o tty= -p $$");

        Assert.Contains("tty errno 6", result.Output);
        Assert.DoesNotContain("INJECTED", result.Output);
        // ENOTTY (no terminal) or EPERM (the seccomp filter refuses TIOCSTI before the kernel looks).
        Assert.Matches(@"(?m)^0 errno (25|1)$", result.Output);
        Assert.Equal("?", result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim());
    }

    [Fact]
    public async Task Sys_IsNotMounted()
    {
        var result = await probe.AttackAsync("ls /sys; echo \"sys:$?\"; ls /sys/fs/cgroup; echo \"cgroup:$?\"; grep -c ' /sys' /proc/self/mountinfo");

        Assert.Contains("sys:2", result.Output);
        Assert.Contains("cgroup:2", result.Output);
        Assert.EndsWith("0\n", result.Output);
    }
}
