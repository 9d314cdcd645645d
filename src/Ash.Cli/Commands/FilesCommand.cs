using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash files <session> [path]: without a path, lists the workspace's files (a table, or --json);
// with one, writes that file's bytes to stdout, or to --output. Subcommands put and rm change files.
internal sealed class FilesCommand : AshCommand
{
    // Hidden from help: System.CommandLine would show them in the usage of `files put` and `files rm` too,
    // as if those took them first; the description gives this command's own usage instead.
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
        Hidden = true,
    };

    private readonly Argument<string?> _path = new("path")
    {
        Description = "A file in the workspace to print [default: list every file]",
        Arity = ArgumentArity.ZeroOrOne,
        Hidden = true,
    };

    private readonly Option<string?> _output = new("--output", "-o")
    {
        Description = "Write the file here instead of stdout",
        HelpName = "file",
    };

    private readonly Option<bool> _noHidden = new("--no-hidden")
    {
        Description = "Leave out names starting with a dot",
    };

    public FilesCommand()
        : base("files", "files <session>: list a session's workspace files; files <session> <path>: print one (-o: save it); put and rm change them")
    {
        Arguments.Add(_session);
        Arguments.Add(_path);
        Options.Add(_output);
        Options.Add(_noHidden);
        Subcommands.Add(new FilesPutCommand());
        Subcommands.Add(new FilesRmCommand());
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var session = parse.GetValue(_session)!;
        using var client = context.CreateClient();
        if (parse.GetValue(_path) is not { } path)
        {
            var listing = await client.ListFilesAsync(session, includeHidden: !parse.GetValue(_noHidden), cancellationToken);
            WriteListing(context.Output, listing);
            return ExitCodes.Success;
        }

        var bytes = await client.ReadFileAsync(session, path, cancellationToken);
        if (parse.GetValue(_output) is { } target)
        {
            await File.WriteAllBytesAsync(target, bytes, cancellationToken);
            context.Output.Line($"Wrote {path} ({bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes) to {target}");
            return ExitCodes.Success;
        }

        // The file's own bytes are what a program reading stdout asked for.
        await context.Output.Out.FlushAsync(cancellationToken);
        await using var stdout = context.Environment.OpenStandardOutput();
        await stdout.WriteAsync(bytes, cancellationToken);
        return ExitCodes.Success;
    }

    private static void WriteListing(CliOutput output, Client.WorkspaceListing listing)
    {
        if (output.IsJson)
        {
            output.WriteJson(listing, CliJsonContext.Default.WorkspaceListing);
            return;
        }

        if (listing.Files.Count == 0)
        {
            output.Line("No files.");
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var table = new TextTable(["PATH", "SIZE", "MODIFIED"]);
        foreach (var file in listing.Files)
        {
            table.AddRow(file.Path, file.Size.ToString(CultureInfo.InvariantCulture), RelativeTime.Since(file.ModifiedAt, now));
        }

        output.Table(table);
        if (listing.Truncated)
        {
            output.Warning("the workspace holds more files than one listing returns; only the first are shown");
        }
    }
}
