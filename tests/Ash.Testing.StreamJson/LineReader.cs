namespace Ash.Testing.StreamJson;

/// <summary>Reads newline-delimited records from a stream into one reused buffer, handing out each line as a span.</summary>
public sealed class LineReader(Stream input)
{
    private byte[] buffer = new byte[64 * 1024];
    private int start;
    private int scanned;
    private int end;
    private bool endOfInput;

    /// <summary>The next line without its line ending; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            var newline = buffer.AsSpan(scanned, end - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = scanned + newline;
                line = TrimCarriageReturn(buffer.AsSpan(start, lineEnd - start));
                start = scanned = lineEnd + 1;
                return true;
            }

            scanned = end;
            if (endOfInput)
            {
                // A last line without a newline still counts, as it does for the real CLI.
                line = TrimCarriageReturn(buffer.AsSpan(start, end - start));
                var hasLine = end > start;
                start = scanned = end;
                return hasLine;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            scanned -= start;
            start = 0;
        }

        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = input.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            endOfInput = true;
        }

        end += read;
    }

    private static ReadOnlySpan<byte> TrimCarriageReturn(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
