using System.Globalization;
using System.Runtime.InteropServices;

namespace Ash.Sandbox.Seccomp;

/// <summary>
/// The seccomp filter every sandbox runs under (sandbox-facts.md §2.3), built with libseccomp and
/// exported as classic BPF for <c>bwrap --seccomp FD</c>. Default ALLOW with the denials of
/// <see cref="SyscallDenials"/>. Only the native architecture is in the filter: a syscall made
/// through another ABI (ia32 <c>int 0x80</c>, x32's 0x40000000 numbers) kills the process, so the
/// filter cannot be sidestepped through, e.g., ia32 <c>socketcall</c> whose arguments seccomp cannot see.
/// </summary>
public static class SeccompProfile
{
    private const uint MinimumMajor = 2;
    private const uint MinimumMinor = 5;

    /// <summary>
    /// True when libseccomp (≥ 2.5) loads and builds the filter. Otherwise <paramref name="problem"/>
    /// says what is wrong and how to fix it.
    /// </summary>
    public static bool IsAvailable(out string problem)
    {
        if (!NativeLibrary.TryLoad(LibSeccomp.Library, typeof(SeccompProfile).Assembly, null, out _))
        {
            problem = $"{LibSeccomp.Library} cannot be loaded; install libseccomp2 (apt-get install libseccomp2).";
            return false;
        }

        if (VersionProblem() is { } versionProblem)
        {
            problem = versionProblem;
            return false;
        }

        using var sink = new FileStream("/dev/null", FileMode.Open, FileAccess.Write);
        if (Export(sink) is { } exportProblem)
        {
            problem = exportProblem;
            return false;
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// Writes the BPF program to <paramref name="path"/> (mode 0644, owned by the caller: root for the
    /// server), replacing any file there atomically. Written once at start-up; each launch opens it
    /// as the fd it passes to <c>bwrap --seccomp</c>.
    /// </summary>
    public static void WriteTo(string path)
    {
        var full = Path.GetFullPath(path);
        var staging = $"{full}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp";
        const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        try
        {
            using (var file = new FileStream(staging, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = Mode }))
            {
                if (Export(file) is { } problem)
                {
                    throw new InvalidOperationException($"Cannot build the sandbox seccomp filter: {problem}");
                }

                file.Flush(flushToDisk: true);
            }

            // The umask may have narrowed the create mode; the sandbox launcher only needs to read it.
            File.SetUnixFileMode(staging, Mode);
            File.Move(staging, full, overwrite: true);
        }
        finally
        {
            File.Delete(staging);
        }
    }

    /// <summary>Builds the filter and writes it to <paramref name="file"/>; returns a problem or null.</summary>
    internal static unsafe string? Export(FileStream file)
    {
        var context = LibSeccomp.Init(LibSeccomp.ActionAllow);
        if (context == 0)
        {
            return "seccomp_init failed";
        }

        try
        {
            var result = LibSeccomp.SetAttribute(context, LibSeccomp.AttributeBadArchAction, LibSeccomp.ActionKillProcess);
            if (result != 0)
            {
                return $"seccomp_attr_set(ACT_BADARCH) failed with {Errno(result)}";
            }

            // Only a speed-up (a binary search over syscall numbers); the filter is the same without it.
            _ = LibSeccomp.SetAttribute(context, LibSeccomp.AttributeOptimize, 2);

            foreach (var denial in SyscallDenials.All)
            {
                var syscall = LibSeccomp.ResolveSyscall(denial.Syscall);
                if (syscall == LibSeccomp.UnknownSyscall)
                {
                    return $"this libseccomp does not know the syscall '{denial.Syscall}'; install libseccomp2 2.5 or newer";
                }

                if (syscall < 0)
                {
                    // A pseudo-number: the syscall does not exist on this architecture (umount on x86-64).
                    continue;
                }

                fixed (ArgumentComparison* conditions = denial.Conditions)
                {
                    result = LibSeccomp.AddRule(context, LibSeccomp.ActionErrno(denial.Errno), syscall, (uint)denial.Conditions.Length, conditions);
                }

                if (result != 0)
                {
                    return $"seccomp_rule_add for '{denial.Syscall}' failed with {Errno(result)}";
                }
            }

            result = LibSeccomp.ExportBpf(context, (int)file.SafeFileHandle.DangerousGetHandle());
            return result == 0 ? null : $"seccomp_export_bpf failed with {Errno(result)}";
        }
        finally
        {
            LibSeccomp.Release(context);
        }
    }

    private static unsafe string? VersionProblem()
    {
        var version = LibSeccomp.Version();
        if (version is null)
        {
            return "seccomp_version returned nothing";
        }

        if (version->Major > MinimumMajor || (version->Major == MinimumMajor && version->Minor >= MinimumMinor))
        {
            return null;
        }

        return $"libseccomp {version->Major}.{version->Minor}.{version->Micro} is too old; the sandbox filter needs {MinimumMajor}.{MinimumMinor} or newer.";
    }

    private static string Errno(int result) => $"errno {(-result).ToString(CultureInfo.InvariantCulture)}";
}
