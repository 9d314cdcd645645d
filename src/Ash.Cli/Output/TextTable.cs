namespace Ash.Cli.Output;

// Left-aligned columns sized to their widest cell, two spaces apart.
// headers: null for a header-less key/value list of two columns.
internal sealed class TextTable(string[]? headers)
{
    private readonly int _columns = headers?.Length ?? 2;

    private readonly List<string[]> _rows = [];

    public void AddRow(params string[] cells)
    {
        if (cells.Length != _columns)
        {
            throw new ArgumentException($"Expected {_columns} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void WriteTo(TextWriter writer)
    {
        var rows = headers is null ? _rows : _rows.Prepend(headers);
        var widths = new int[_columns];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var line = string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])));
            writer.WriteLine(line.TrimEnd());
        }
    }
}
