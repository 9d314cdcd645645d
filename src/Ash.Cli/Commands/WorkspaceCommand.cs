namespace Ash.Cli.Commands;

// ash workspace download|upload: a session's whole workspace as a tar.gz.
internal sealed class WorkspaceCommand : CommandGroup
{
    public WorkspaceCommand()
        : base("workspace", "Download or upload a session's whole workspace as a tar.gz")
    {
        Subcommands.Add(new WorkspaceDownloadCommand());
        Subcommands.Add(new WorkspaceUploadCommand());
    }
}
