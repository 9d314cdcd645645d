using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash workspace download <session> [file]: saves the workspace as a tar.gz (default <session>.tar.gz;
// "-" writes it to stdout). Links are stored as links.
internal sealed class WorkspaceDownloadCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    private readonly Argument<string?> _file = new("file")
    {
        Description = "Where to save it, '-' for stdout [default: <session>.tar.gz]",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public WorkspaceDownloadCommand()
        : base("download", "Save a session's workspace as a tar.gz")
    {
        Arguments.Add(_session);
        Arguments.Add(_file);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var session = context.ParseResult.GetValue(_session)!;
        var file = context.ParseResult.GetValue(_file) ?? $"{session}.tar.gz";
        using var client = context.CreateClient();
        if (file == "-")
        {
            await context.Output.Out.FlushAsync(cancellationToken);
            await using var stdout = context.Environment.OpenStandardOutput();
            await client.DownloadWorkspaceAsync(session, stdout, cancellationToken);
            return ExitCodes.Success;
        }

        // Written beside the target first, so a failed download leaves no half archive under its name.
        var partial = file + ".partial";
        try
        {
            await using (var target = File.Create(partial))
            {
                await client.DownloadWorkspaceAsync(session, target, cancellationToken);
            }

            File.Move(partial, file, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }

        var bytes = new FileInfo(file).Length;
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(new DownloadedWorkspace(session, Path.GetFullPath(file), bytes), CliJsonContext.Default.DownloadedWorkspace);
        }
        else
        {
            context.Output.Line($"Saved the workspace of {session} to {file} ({bytes.ToString(CultureInfo.InvariantCulture)} bytes)");
        }

        return ExitCodes.Success;
    }
}

internal sealed record DownloadedWorkspace(string SessionId, string File, long Bytes);
