using System.Text;

namespace Ash.Cli.LocalServer;

// The background server's log, appended across starts: after a failed start, what this start wrote.
internal static class ServerLog
{
    private const int MaxLines = 20;

    public static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    // What was written from offset on, as lines for a hint (at most the last MaxLines); null when nothing was.
    public static string? Since(string path, long offset)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(Math.Min(offset, file.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(file, Encoding.UTF8);
        var tail = new Queue<string>(MaxLines);
        while (reader.ReadLine() is { } line)
        {
            if (tail.Count == MaxLines)
            {
                tail.Dequeue();
            }

            tail.Enqueue(line);
        }

        return tail.Count == 0 ? null : $"The server wrote ({path}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", tail);
    }
}
