namespace Ash.Sandbox.Seccomp;

/// <summary>One syscall (optionally only with some arguments) that returns <see cref="Errno"/> instead of running.</summary>
internal sealed record SyscallDenial(string Syscall, int Errno, params ArgumentComparison[] Conditions);

/// <summary>
/// What the sandbox's seccomp filter refuses (sandbox-facts.md §2.3): Flatpak's blocklist
/// (flatpak-run.c <c>setup_seccomp</c>) plus Codex's additions (ptrace, process_vm_*, io_uring).
/// Everything else is allowed: this is a blocklist on top of bwrap's namespaces and the unprivileged
/// uid, aimed at kernel attack surface and sandbox-escape primitives, not a full allowlist.
/// </summary>
internal static class SyscallDenials
{
    public const int EPERM = 1;
    public const int ENOSYS = 38;
    public const int EAFNOSUPPORT = 97;

    private const ulong TIOCSTI = 0x5412;
    private const ulong TIOCLINUX = 0x541C;
    private const ulong LowWord = 0xFFFF_FFFF;

    // CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET.
    private static readonly ulong[] NamespaceCloneFlags = [0x0002_0000, 0x0200_0000, 0x0400_0000, 0x0800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000];

    private const int AfUnix = 1;
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int AfNetlink = 16;
    private const int NetlinkRoute = 0;

    public static IReadOnlyList<SyscallDenial> All { get; } = Build();

    private static List<SyscallDenial> Build()
    {
        var denials = new List<SyscallDenial>();

        // Mount table, root and namespace changes: the sandbox's view of the host is bwrap's to set.
        foreach (var name in new[] { "mount", "umount", "umount2", "pivot_root", "chroot", "unshare", "setns" })
        {
            denials.Add(new(name, EPERM));
        }

        // A nested user namespace is how most kernel exploits reach code that needs CAP_SYS_ADMIN
        // (sandbox-facts.md §2.4); the other namespace flags are refused too, nothing inside needs them.
        // clone's flags are its first argument on x86-64 and arm64.
        foreach (var flag in NamespaceCloneFlags)
        {
            denials.Add(new("clone", EPERM, ArgumentComparison.MaskedEqual(0, flag, flag)));
        }

        // clone3 passes its flags in memory, which seccomp cannot read: ENOSYS makes glibc fall back to
        // clone, where the rule above applies (CVE-2021-41133, Flatpak). The new mount API likewise.
        foreach (var name in new[] { "clone3", "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr" })
        {
            denials.Add(new(name, ENOSYS));
        }

        // io_uring can open sockets and files without the syscalls this filter sees (Codex); ENOSYS makes
        // runtimes (libuv, Bun, Tokio) use epoll as on an old kernel.
        foreach (var name in new[] { "io_uring_setup", "io_uring_enter", "io_uring_register" })
        {
            denials.Add(new(name, ENOSYS));
        }

        // Kernel keyrings, kernel log, accounting, quotas, a.out loading, NUMA page moves, perf, bpf,
        // userfaultfd (a classic race-widening exploit primitive) and reading other processes' memory.
        foreach (var name in new[]
                 {
                     "keyctl", "add_key", "request_key", "syslog", "acct", "quotactl", "uselib",
                     "move_pages", "mbind", "migrate_pages", "get_mempolicy", "set_mempolicy",
                     "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev", "bpf", "userfaultfd",
                 })
        {
            denials.Add(new(name, EPERM));
        }

        // Terminal input injection. The kernel takes the command as a 32-bit int, so compare only the
        // low word: with a full 64-bit compare, 0x1_0000_5412 got through (CVE-2019-10063).
        denials.Add(new("ioctl", EPERM, ArgumentComparison.MaskedEqual(1, LowWord, TIOCSTI)));
        denials.Add(new("ioctl", EPERM, ArgumentComparison.MaskedEqual(1, LowWord, TIOCLINUX)));

        AddPersonalityDenials(denials);
        AddSocketFamilyDenials(denials);
        return denials;
    }

    /// <summary>
    /// personality(2) may only be called with 0 (PER_LINUX) or 0xffffffff (query): other values turn on
    /// READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE, MMAP_PAGE_ZERO and friends. The kernel reads the low 32
    /// bits only. libseccomp refuses two comparisons of one argument in a rule and default-ALLOW
    /// filters cannot hold ALLOW exceptions, so the refused set is written as a union: a 32-bit value
    /// that is neither all zeros nor all ones has some bit j that differs from bit 0.
    /// </summary>
    private static void AddPersonalityDenials(List<SyscallDenial> denials)
    {
        for (var j = 1; j < 32; j++)
        {
            var mask = 1UL | (1UL << j);
            denials.Add(new("personality", EPERM, ArgumentComparison.MaskedEqual(0, mask, 1UL)));
            denials.Add(new("personality", EPERM, ArgumentComparison.MaskedEqual(0, mask, 1UL << j)));
        }
    }

    /// <summary>
    /// Only AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK with NETLINK_ROUTE. AF_PACKET, AF_VSOCK (a host
    /// bridge on WSL2), Bluetooth, CAN, TIPC, RDS and the rest are refused with EAFNOSUPPORT, as if the
    /// kernel lacked them. NETLINK_ROUTE stays because getifaddrs(3) needs it: libuv's
    /// uv_interface_addresses (Node's os.networkInterfaces) throws without it; in the sandbox's own
    /// network namespace it shows only the sandbox's interfaces. Every other netlink protocol
    /// (netfilter, xfrm, audit, sock_diag…) is kernel attack surface no agent tool needs. A family with
    /// high bits set is refused by the GreaterOrEqual rule (the comparison is 64-bit).
    /// </summary>
    private static void AddSocketFamilyDenials(List<SyscallDenial> denials)
    {
        int[] allowed = [AfUnix, AfInet, AfInet6, AfNetlink];
        var family = 0;
        foreach (var next in allowed)
        {
            for (; family < next; family++)
            {
                denials.Add(new("socket", EAFNOSUPPORT, ArgumentComparison.Equal(0, (ulong)family)));
            }

            family = next + 1;
        }

        denials.Add(new("socket", EAFNOSUPPORT, ArgumentComparison.GreaterOrEqual(0, (ulong)family)));
        denials.Add(new("socket", EAFNOSUPPORT, ArgumentComparison.Equal(0, AfNetlink), ArgumentComparison.NotEqual(2, NetlinkRoute)));
    }
}
