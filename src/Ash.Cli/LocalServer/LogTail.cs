namespace Ash.Cli.LocalServer;

internal static class LogTail
{
    // The last count lines of a log file; empty when there is no file.
    public static IReadOnlyList<string> Read(string path, int count)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var tail = new Queue<string>(count);
        foreach (var line in File.ReadLines(path))
        {
            if (tail.Count == count)
            {
                tail.Dequeue();
            }

            tail.Enqueue(line);
        }

        return [.. tail];
    }
}
