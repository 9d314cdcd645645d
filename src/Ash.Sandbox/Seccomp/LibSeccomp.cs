using System.Runtime.InteropServices;

namespace Ash.Sandbox.Seccomp;

/// <summary>
/// The part of libseccomp (seccomp.h, 2.5) we use, bound at run time so no -dev headers are needed.
/// Constants are the values from the header; the struct layouts are the C ones on 64-bit Linux.
/// </summary>
internal static unsafe partial class LibSeccomp
{
    public const string Library = "libseccomp.so.2";

    public const uint ActionAllow = 0x7fff0000;
    public const uint ActionKillProcess = 0x80000000;

    /// <summary>SCMP_FLTATR_ACT_BADARCH: what a syscall from an architecture not in the filter gets.</summary>
    public const int AttributeBadArchAction = 2;

    /// <summary>SCMP_FLTATR_CTL_OPTIMIZE: 2 = a binary tree of syscall numbers instead of a linear scan.</summary>
    public const int AttributeOptimize = 8;

    /// <summary>__NR_SCMP_ERROR: libseccomp does not know the name at all.</summary>
    public const int UnknownSyscall = -1;

    public static uint ActionErrno(int errno) => 0x00050000u | ((uint)errno & 0x0000ffffu);

    [LibraryImport(Library, EntryPoint = "seccomp_init")]
    public static partial nint Init(uint defaultAction);

    [LibraryImport(Library, EntryPoint = "seccomp_release")]
    public static partial void Release(nint context);

    [LibraryImport(Library, EntryPoint = "seccomp_attr_set")]
    public static partial int SetAttribute(nint context, int attribute, uint value);

    [LibraryImport(Library, EntryPoint = "seccomp_syscall_resolve_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ResolveSyscall(string name);

    [LibraryImport(Library, EntryPoint = "seccomp_rule_add_array")]
    public static partial int AddRule(nint context, uint action, int syscall, uint comparisonCount, ArgumentComparison* comparisons);

    [LibraryImport(Library, EntryPoint = "seccomp_export_bpf")]
    public static partial int ExportBpf(nint context, int fd);

    [LibraryImport(Library, EntryPoint = "seccomp_version")]
    public static partial LibraryVersion* Version();

    [StructLayout(LayoutKind.Sequential)]
    public readonly struct LibraryVersion
    {
        public readonly uint Major;
        public readonly uint Minor;
        public readonly uint Micro;
    }
}

/// <summary>enum scmp_compare.</summary>
internal enum ComparisonOperator
{
    NotEqual = 1,
    LessThan = 2,
    LessOrEqual = 3,
    Equal = 4,
    GreaterOrEqual = 5,
    GreaterThan = 6,
    MaskedEqual = 7,
}

/// <summary>struct scmp_arg_cmp: argument index, operator, and two 64-bit data (mask and value for MaskedEqual).</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct ArgumentComparison(uint Argument, ComparisonOperator Operator, ulong DatumA, ulong DatumB)
{
    public static ArgumentComparison Equal(uint argument, ulong value) => new(argument, ComparisonOperator.Equal, value, 0);

    public static ArgumentComparison NotEqual(uint argument, ulong value) => new(argument, ComparisonOperator.NotEqual, value, 0);

    public static ArgumentComparison GreaterOrEqual(uint argument, ulong value) => new(argument, ComparisonOperator.GreaterOrEqual, value, 0);

    /// <summary>True when <c>(arg &amp; mask) == value</c>.</summary>
    public static ArgumentComparison MaskedEqual(uint argument, ulong mask, ulong value) => new(argument, ComparisonOperator.MaskedEqual, mask, value);
}
