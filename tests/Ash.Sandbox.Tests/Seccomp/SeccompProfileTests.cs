using System.Runtime.InteropServices;
using Ash.Sandbox.Seccomp;

namespace Ash.Sandbox.Tests.Seccomp;

/// <summary>
/// The filter under real bwrap, as an unprivileged uid, probed with Flatpak's method (try-syscall.py).
/// Each blocked probe also runs without the filter and must then get another answer from the kernel,
/// so these tests fail if the filter stops doing its part.
/// </summary>
public sealed class SeccompProfileTests(SyscallProbes probes) : IClassFixture<SyscallProbes>
{
    private const string Eperm = "EPERM";
    private const string Enosys = "ENOSYS";
    private const string Eafnosupport = "EAFNOSUPPORT";
    private const string KilledBySigsys = "signal:31";

    /// <summary>The kernel refuses these to an unprivileged uid before it reads any argument; the filter is a second wall.</summary>
    private static readonly HashSet<string> KernelRefusesAnyway = ["pivot_root", "syslog", "acct"];

    public static TheoryData<string, string> Blocked => new()
    {
        { "mount", Eperm }, { "umount2", Eperm }, { "pivot_root", Eperm }, { "chroot", Eperm },
        { "unshare", Eperm }, { "setns", Eperm },
        { "clone-newuser", Eperm }, { "clone-newuser-high-bits", Eperm }, { "clone-newns", Eperm }, { "clone-newnet", Eperm },
        { "keyctl", Eperm }, { "add_key", Eperm }, { "request_key", Eperm }, { "syslog", Eperm }, { "acct", Eperm },
        { "quotactl", Eperm }, { "uselib", Eperm }, { "move_pages", Eperm }, { "mbind", Eperm }, { "migrate_pages", Eperm },
        { "get_mempolicy", Eperm }, { "set_mempolicy", Eperm }, { "perf_event_open", Eperm }, { "ptrace", Eperm },
        { "process_vm_readv", Eperm }, { "process_vm_writev", Eperm }, { "bpf", Eperm }, { "userfaultfd", Eperm },
        { "ioctl-tiocsti", Eperm }, { "ioctl-tiocsti-high-bits", Eperm }, { "ioctl-tioclinux", Eperm }, { "ioctl-tioclinux-high-bits", Eperm },
        { "personality-addr-no-randomize", Eperm }, { "personality-read-implies-exec", Eperm }, { "personality-high-bits", Eperm },
        { "personality-bsd", Eperm },
        { "clone3", Enosys }, { "open_tree", Enosys }, { "move_mount", Enosys }, { "fsopen", Enosys }, { "fsconfig", Enosys },
        { "fsmount", Enosys }, { "fspick", Enosys }, { "mount_setattr", Enosys },
        { "io_uring_setup", Enosys }, { "io_uring_enter", Enosys }, { "io_uring_register", Enosys },
        { "socket-family-0", Eafnosupport }, { "socket-family-3", Eafnosupport }, { "socket-family-4", Eafnosupport },
        { "socket-family-5", Eafnosupport }, { "socket-family-9", Eafnosupport }, { "socket-family-11", Eafnosupport },
        { "socket-family-15", Eafnosupport }, { "socket-family-17", Eafnosupport }, { "socket-family-29", Eafnosupport },
        { "socket-family-31", Eafnosupport }, { "socket-family-38", Eafnosupport }, { "socket-family-40", Eafnosupport },
        { "socket-family-44", Eafnosupport }, { "socket-family-45", Eafnosupport }, { "socket-family-1000", Eafnosupport },
        { "socket-family-4294967298", Eafnosupport },
        { "socket-netlink-protocol-4", Eafnosupport }, { "socket-netlink-protocol-9", Eafnosupport },
        { "socket-netlink-protocol-12", Eafnosupport }, { "socket-netlink-protocol-15", Eafnosupport },
    };

    public static TheoryData<string> Allowed =>
    [
        "read", "listen", "prctl", "clone-plain", "ioctl-tcgets",
        "personality-linux", "personality-query", "personality-query-64",
        "socket-family-1", "socket-family-2", "socket-family-10", "socket-family-16", "socket-netlink-protocol-0",
        "socket-unix", "socket-inet", "socket-inet6", "socket-netlink-route",
    ];

    public static TheoryData<string> OtherArchitectures => ["ia32-getpid", "ia32-chroot", "x32-getpid", "x32-chroot"];

    [Fact]
    public void IsAvailable_WithLibseccompInstalled_ReportsNoProblem()
    {
        Assert.True(SeccompProfile.IsAvailable(out var problem), problem);
        Assert.Empty(problem);
    }

    [Fact]
    public void WriteTo_WritesWholeBpfInstructionsReadableByAll()
    {
        var info = new FileInfo(probes.FilterFile);

        Assert.True(info.Length > 0);
        Assert.Equal(0, info.Length % 8);
        Assert.True(info.Length / 8 <= 4096, $"{info.Length / 8} instructions exceed BPF_MAXINSNS");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(info.FullName));
    }

    [Fact]
    public void WriteTo_ExistingFile_IsReplacedWithTheSameProgram()
    {
        var path = Path.Combine(Path.GetDirectoryName(probes.FilterFile)!, "again.bpf");
        File.WriteAllText(path, "stale");

        SeccompProfile.WriteTo(path);

        Assert.Equal(File.ReadAllBytes(probes.FilterFile), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!, "again.bpf*"));
    }

    [Theory]
    [MemberData(nameof(Blocked))]
    public void Syscall_Blocked_GetsTheFiltersErrnoInsteadOfTheKernels(string probe, string expected)
    {
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "try-syscall.py uses x86-64 syscall numbers");
        Assert.Equal(expected, probes.Filtered[probe]);
        if (!KernelRefusesAnyway.Contains(probe))
        {
            Assert.NotEqual(expected, probes.Unfiltered[probe]);
        }
    }

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Syscall_Allowed_GetsTheSameAnswerAsWithoutTheFilter(string probe)
    {
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "try-syscall.py uses x86-64 syscall numbers");
        Assert.Equal(probes.Unfiltered[probe], probes.Filtered[probe]);
        Assert.DoesNotContain(probes.Filtered[probe], new[] { Eperm, Enosys, Eafnosupport, KilledBySigsys });
    }

    [Theory]
    [MemberData(nameof(OtherArchitectures))]
    public void Syscall_ThroughAnotherAbi_KillsTheProcess(string probe)
    {
        Assert.SkipUnless(RuntimeInformation.ProcessArchitecture == Architecture.X64, "ia32 and x32 entries exist on x86-64 only");
        Assert.Equal(KilledBySigsys, probes.Filtered[probe]);
        Assert.NotEqual(KilledBySigsys, probes.Unfiltered[probe]);
    }
}
