using Ash.Core.Sandboxes.Logs;

namespace Ash.Sandbox.Logs;

/// <summary>
/// Reads a session's sandbox log from its files while a writer may be appending to and rotating them.
/// The current file is opened before the previous one: a rotation in between makes both handles show
/// the same lines (dropped as repeats), never makes lines fall between them.
/// </summary>
internal static class SandboxLogReader
{
    /// <summary>A log file never grows much past its rotation size; anything larger is read only this far.</summary>
    private const int MaxFileBytes = 2 * SandboxLogFile.RotateAtBytes;

    public static IReadOnlyList<SandboxLogEntry> Read(SandboxLogFiles files, long after, int limit)
    {
        using var current = TryOpen(files.Current);
        using var previous = TryOpen(files.Previous);
        var fromCurrent = Entries(current);

        // The previous file only holds older lines: skip it when the current one starts right after 'after'.
        var needsPrevious = fromCurrent.Count == 0 || fromCurrent[0].Index > after + 1;
        var all = needsPrevious ? Entries(previous).Concat(fromCurrent) : fromCurrent;
        var lines = new List<SandboxLogEntry>(Math.Min(limit, 256));
        var last = after;
        foreach (var entry in all.OrderBy(entry => entry.Index))
        {
            if (entry.Index <= last)
            {
                continue;
            }

            lines.Add(entry);
            last = entry.Index;
            if (lines.Count == limit)
            {
                break;
            }
        }

        return lines;
    }

    /// <summary>
    /// The index of the newest line, or -1 for an empty log. Read from the file's end: a whole line is far
    /// shorter than <see cref="TailBytes"/>, and a sandbox start should not parse megabytes of old lines.
    /// </summary>
    public static long LastIndex(SandboxLogFiles files)
    {
        foreach (var path in new[] { files.Current, files.Previous })
        {
            using var file = TryOpen(path);
            var entries = Entries(file, TailBytes);
            if (entries.Count > 0)
            {
                return entries.Max(entry => entry.Index);
            }
        }

        return -1;
    }

    /// <summary>More than the longest line can take: 4,096 characters, each escaped to at most six bytes, plus the fields.</summary>
    private const int TailBytes = 64 * 1024;

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.SequentialScan,
            });
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <param name="fromEnd">Read only this many bytes at the end (the first, likely partial, line is skipped); 0 = from the start.</param>
    private static List<SandboxLogEntry> Entries(FileStream? file, int fromEnd = 0)
    {
        var entries = new List<SandboxLogEntry>();
        if (file is null)
        {
            return entries;
        }

        var start = fromEnd > 0 && file.Length > fromEnd ? file.Length - fromEnd : 0;
        file.Position = start;
        var bytes = new byte[(int)Math.Min(file.Length - start, MaxFileBytes)];
        var length = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var rest = bytes.AsSpan(0, length);
        if (start > 0 && rest.IndexOf((byte)'\n') is var firstEnd and >= 0)
        {
            rest = rest[(firstEnd + 1)..];
        }

        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                // A line still being written: it is read next time, whole.
                break;
            }

            if (SandboxLogLine.TryParse(rest[..end], out var entry))
            {
                entries.Add(entry);
            }

            rest = rest[(end + 1)..];
        }

        return entries;
    }
}
