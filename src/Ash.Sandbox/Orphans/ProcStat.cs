using System.Globalization;

namespace Ash.Sandbox.Orphans;

/// <summary>Reads the two fields we need from /proc/&lt;pid&gt;/stat: the parent pid and the start time.</summary>
internal static class ProcStat
{
    public static long? StartTime(int pid) => Fields(pid) is { } fields ? fields.StartTime : null;

    public static int? ParentPid(int pid) => Fields(pid) is { } fields ? fields.ParentPid : null;

    private static (int ParentPid, long StartTime)? Fields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var afterName = text.LastIndexOf(')');
        if (afterName < 0)
        {
            return null;
        }

        var fields = text[(afterName + 2)..].Split(' ');

        // fields[0] is field 3 (state): the parent pid is field 4, the start time field 22.
        return fields.Length > 19
            && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            ? (parent, start)
            : null;
    }
}
