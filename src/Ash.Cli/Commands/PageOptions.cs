using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// --limit, --cursor and --after of the commands that list a page at a time, and the hint to the next page.
internal static class PageOptions
{
    public static Option<int?> Limit(string description) => new("--limit")
    {
        Description = description,
        HelpName = "n",
    };

    public static Option<string?> Cursor() => new("--cursor")
    {
        Description = "Continue after a previous page (its nextCursor)",
        HelpName = "cursor",
    };

    // A session's history (events, messages) pages by sequence number.
    public static Option<long?> After(string what) => new("--after")
    {
        Description = $"Only {what} after this sequence number",
        HelpName = "seq",
    };

    /// <summary>When a history page came back full, tells a person how to read on from its last sequence number.</summary>
    public static void WriteNextAfter(CliOutput output, int count, int? limit, int serverDefault, long lastSequence)
    {
        if (count == (limit ?? serverDefault))
        {
            output.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"More: --after {lastSequence}"));
        }
    }

    /// <summary>Tells a person how to read on, when there is more.</summary>
    public static void WriteNext(CliOutput output, string? nextCursor)
    {
        if (nextCursor is { } next)
        {
            output.Note($"More: --cursor {next}");
        }
    }
}
