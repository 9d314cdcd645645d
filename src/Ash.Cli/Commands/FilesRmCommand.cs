using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash files rm <session> <path>: deletes a file, a directory tree, or a link (never what it points to).
internal sealed class FilesRmCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    private readonly Argument<string> _path = new("path")
    {
        Description = "Path in the workspace",
    };

    public FilesRmCommand()
        : base("rm", "Delete a file or directory from a session's workspace")
    {
        Arguments.Add(_session);
        Arguments.Add(_path);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var path = context.ParseResult.GetValue(_path)!;
        using var client = context.CreateClient();
        await client.DeleteFileAsync(context.ParseResult.GetValue(_session)!, path, cancellationToken);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(new DeletedFile(path, true), CliJsonContext.Default.DeletedFile);
        }
        else
        {
            context.Output.Line($"Deleted {path}");
        }

        return ExitCodes.Success;
    }
}

internal sealed record DeletedFile(string Path, bool Deleted);
