using System.CommandLine;
using System.Globalization;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Commands;

// ash files put <session> <file>... [--to dir]: uploads local files into the workspace under their own
// names. Each file succeeds or fails alone; the exit code is Error when any failed.
internal sealed class FilesPutCommand : AshCommand
{
    private readonly Argument<string> _session = new("session")
    {
        Description = "Session id",
    };

    private readonly Argument<string[]> _files = new("files")
    {
        Description = "Local files to upload",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<string?> _to = new("--to")
    {
        Description = "Directory in the workspace to put them in [default: the workspace itself]",
        HelpName = "dir",
    };

    public FilesPutCommand()
        : base("put", "Upload local files into a session's workspace")
    {
        Arguments.Add(_session);
        Arguments.Add(_files);
        Options.Add(_to);
    }

    protected override async Task<int> ExecuteAsync(CliContext context, CancellationToken cancellationToken)
    {
        var parse = context.ParseResult;
        var uploads = new List<FileUpload>();
        foreach (var local in parse.GetValue(_files)!)
        {
            if (!File.Exists(local))
            {
                throw new CliException(ExitCodes.Usage, $"{local} is not a file");
            }

            uploads.Add(new FileUpload(Path.GetFileName(local), await File.ReadAllBytesAsync(local, cancellationToken)));
        }

        using var client = context.CreateClient();
        var to = parse.GetValue(_to);
        var results = await client.WriteFilesAsync(parse.GetValue(_session)!, uploads, to, cancellationToken);
        var output = context.Output;
        if (output.IsJson)
        {
            output.WriteJson(results, CliJsonContext.Default.IReadOnlyListFileWriteResult);
        }
        else
        {
            // Each result names the file under --to; the line names it in the workspace.
            var directory = string.IsNullOrEmpty(to) ? "" : to.TrimEnd('/') + "/";
            foreach (var result in results)
            {
                output.Line(result.Written
                    ? $"wrote {directory}{result.Path} ({result.Size?.ToString(CultureInfo.InvariantCulture)} bytes)"
                    : $"failed {directory}{result.Path}: {result.Error}");
            }
        }

        return results.All(result => result.Written) ? ExitCodes.Success : ExitCodes.Error;
    }
}
