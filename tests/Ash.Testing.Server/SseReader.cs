using System.Text;

namespace Ash.Testing.Server;

/// <summary>A strict, independent reader of our SSE wire format, for checking it byte by byte.</summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseFrame> ReadAsync(Stream stream, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        long? id = null;
        string? type = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (type is not null || data.Length > 0)
                {
                    yield return new SseFrame(id, type ?? "message", data.ToString());
                }

                id = null;
                type = null;
                data.Clear();
                continue;
            }

            if (line.StartsWith(':'))
            {
                continue;
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                if (data.Length > 0)
                {
                    throw new InvalidDataException("data spans several lines; our frames carry one-line JSON");
                }

                data.Append(line[6..]);
            }
            else
            {
                throw new InvalidDataException($"unexpected SSE line: {line}");
            }
        }
    }
}
