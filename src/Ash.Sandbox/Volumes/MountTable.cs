using System.Text;
using Ash.Sandbox.Workspaces;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// The mount points of this mount namespace: <c>/proc/self/mountinfo</c>, read at start-up to find what a
/// previous run left mounted, and statx(2) to ask whether one path is a mount's root.
/// </summary>
public static class MountTable
{
    /// <summary>True when <paramref name="path"/> is the root of a mount, not following a last link.</summary>
    public static bool IsMountRoot(string path) =>
        FileStatus.TryReadPath(path, out var status, out _) && status.IsMountRoot;

    /// <summary>Mount points strictly below <paramref name="directory"/> (canonical path), deepest first.</summary>
    public static List<string> Below(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var found = new List<string>();
        foreach (var fields in Lines())
        {
            var mountPoint = Unescape(fields[4]);
            if (mountPoint.Length > prefix.Length && mountPoint.StartsWith(prefix, StringComparison.Ordinal))
            {
                found.Add(mountPoint);
            }
        }

        return [.. found.Distinct(StringComparer.Ordinal).OrderByDescending(path => path.Length)];
    }

    /// <summary>The line of the topmost mount at <paramref name="mountPoint"/> (canonical path), or null when nothing is mounted there.</summary>
    public static string? Describe(string mountPoint)
    {
        string? found = null;
        foreach (var fields in Lines())
        {
            if (Unescape(fields[4]) == mountPoint)
            {
                found = string.Join(' ', fields);
            }
        }

        return found;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in a path as octal escapes (\040).</summary>
    public static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        var raw = Encoding.UTF8.GetBytes(field);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 3 < raw.Length && IsOctal(raw[i + 1]) && IsOctal(raw[i + 2]) && IsOctal(raw[i + 3]))
            {
                bytes.Add((byte)(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.Add(raw[i]);
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw": the fifth field is the mount point.</summary>
    private static IEnumerable<string[]> Lines()
    {
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                yield return fields;
            }
        }
    }

    private static bool IsOctal(byte value) => value is >= (byte)'0' and <= (byte)'7';
}
