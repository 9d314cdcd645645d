namespace Ash.Testing.FakeModel;

internal static class TextChunks
{
    /// <summary>Cuts text into <paramref name="parts"/> roughly equal, non-empty pieces, never inside a surrogate pair.</summary>
    public static IReadOnlyList<string> Split(string text, int parts)
    {
        if (text.Length <= 1 || parts <= 1)
        {
            return [text];
        }

        var chunks = new List<string>(parts);
        var start = 0;
        for (var part = 1; part <= parts; part++)
        {
            var end = part == parts ? text.Length : (int)((long)text.Length * part / parts);
            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }

            if (end > start)
            {
                chunks.Add(text[start..end]);
                start = end;
            }
        }

        return chunks;
    }
}
