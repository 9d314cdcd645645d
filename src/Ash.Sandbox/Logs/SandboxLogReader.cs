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

    /// <summary>The index of the newest line, or -1 for an empty log.</summary>
    public static long LastIndex(SandboxLogFiles files)
    {
        foreach (var path in new[] { files.Current, files.Previous })
        {
            using var file = TryOpen(path);
            var entries = Entries(file);
            if (entries.Count > 0)
            {
                return entries.Max(entry => entry.Index);
            }
        }

        return -1;
    }

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

    private static List<SandboxLogEntry> Entries(FileStream? file)
    {
        var entries = new List<SandboxLogEntry>();
        if (file is null)
        {
            return entries;
        }

        var bytes = new byte[(int)Math.Min(file.Length, MaxFileBytes)];
        var length = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        var rest = bytes.AsSpan(0, length);
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
