using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// --limit and --cursor of the commands that list a page at a time, and the hint to the next page.
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

    /// <summary>Tells a person how to read on, when there is more.</summary>
    public static void WriteNext(CliOutput output, string? nextCursor)
    {
        if (nextCursor is { } next)
        {
            output.Note($"More: --cursor {next}");
        }
    }
}
