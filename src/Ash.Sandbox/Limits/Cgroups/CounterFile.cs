using System.Globalization;

namespace Ash.Sandbox.Limits.Cgroups;

/// <summary>Reads the kernel's flat counter files (<c>memory.events</c>, <c>pids.events</c>, <c>memory.oom_control</c>: "key value" lines).</summary>
internal static class CounterFile
{
    public static long Read(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var space = line.IndexOf(' ', StringComparison.Ordinal);
                if (space > 0 && line.AsSpan(0, space).SequenceEqual(key)
                    && long.TryParse(line.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The cgroup is gone: nothing more was counted.
        }

        return 0;
    }

    public static long ReadSingle(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
