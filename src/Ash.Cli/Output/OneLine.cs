using System.Text;

namespace Ash.Cli.Output;

// Text made one table cell or status line: whitespace runs (newlines included) become one space; past
// width it is cut with an ellipsis.
internal static class OneLine
{
    public static string Cut(string text, int width)
    {
        var line = new StringBuilder(Math.Min(text.Length, width + 1));
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = line.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                line.Append(' ');
                pendingSpace = false;
            }

            line.Append(c);
            if (line.Length > width)
            {
                return string.Concat(line.ToString(0, width - 1), "…");
            }
        }

        return line.ToString();
    }
}
