using System.CommandLine;
using Ash.Cli.Output;

namespace Ash.Cli.Commands;

// ash workspace upload <session> <file>: merges a tar.gz into the workspace. The server refuses the whole
// bundle (and applies nothing) when an entry is unsafe.
internal sealed class WorkspaceUploadCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    private readonly Argument<string> _file = new("file")
    {
        Description = "A tar.gz to unpack into the workspace",
    };

    public WorkspaceUploadCommand()
        : base("upload", "Unpack a tar.gz into a session's workspace")
    {
        Arguments.Add(_session);
        Arguments.Add(_file);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var file = context.ParseResult.GetValue(_file)!;
        if (!File.Exists(file))
        {
            throw new CliException(ExitCodes.Usage, $"{file} is not a file");
        }

        using var client = context.CreateClient();
        await using var bundle = File.OpenRead(file);
        var result = await client.UploadWorkspaceAsync(context.ParseResult.GetValue(_session)!, bundle, cancellationToken);
        if (context.Output.IsJson)
        {
            context.Output.WriteJson(result, CliJsonContext.Default.WorkspaceUploadResult);
        }
        else
        {
            context.Output.Line($"{result.Message}: {result.Files} files and links");
        }

        return ExitCodes.Success;
    }
}
