using Ash.Core.Errors;
using Ash.Core.Workspaces;
using Ash.Sandbox.Directories;
using Ash.Sandbox.Volumes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// The workspace files of sessions whose directories are on this machine, found where the sandbox host
/// keeps them (<see cref="SessionDirectories"/>). The session's volume is mounted for the request (it may
/// have been unmounted while idle, or by a reboot); every operation then starts from one descriptor of the
/// workspace directory and resolves beneath it (<see cref="ConfinedDirectory"/>), never leaving the volume.
/// </summary>
public sealed class LocalWorkspaceFiles(IOptions<SandboxOptions> sandbox, IOptions<WorkspaceOptions> workspace, SessionVolumes volumes, ILogger<LocalWorkspaceFiles> logger) : IWorkspaceFiles
{
    public Task<Result<WorkspaceListing>> ListAsync(Guid sessionId, bool includeHidden, CancellationToken cancellationToken) =>
        OnWorkspaceAsync(sessionId, string.Empty, root => (Result<WorkspaceListing>)WorkspaceLister.List(root, includeHidden), cancellationToken);

    public Task<Result<WorkspaceFileContent>> OpenReadAsync(Guid sessionId, string path, CancellationToken cancellationToken) =>
        OnWorkspaceAsync(sessionId, path, root => WorkspaceReader.Open(root, path), cancellationToken);

    public Task<Result<IReadOnlyList<FileWriteOutcome>>> WriteAsync(Guid sessionId, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken) =>
        OnWorkspaceAsync(sessionId, string.Empty, root =>
        {
            var outcomes = new List<FileWriteOutcome>(files.Count);
            foreach (var file in files)
            {
                outcomes.Add(WorkspaceWriter.Write(root, file));
            }

            return (Result<IReadOnlyList<FileWriteOutcome>>)outcomes;
        }, cancellationToken);

    public Task<Result<string>> DeleteAsync(Guid sessionId, string path, CancellationToken cancellationToken) =>
        OnWorkspaceAsync(sessionId, path, root => WorkspaceWriter.Delete(root, path), cancellationToken);

    public async Task<Result<IWorkspaceArchive>> OpenArchiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        // The archive reads through the workspace's descriptor, which keeps the volume's file system alive
        // even if the volume is unmounted while the download runs.
        using var volume = await volumes.OpenExistingAsync(Directories(sessionId), cancellationToken);
        var root = volume is null ? null : ConfinedDirectory.OpenRoot(Directories(sessionId).Workspace);
        return root is null ? WorkspaceErrors.WorkspaceNotFound() : new WorkspaceArchiveWriter(root);
    }

    public async Task<Result<int>> ExtractArchiveAsync(Guid sessionId, Stream bundle, CancellationToken cancellationToken)
    {
        var directories = Directories(sessionId);
        using var volume = await volumes.OpenExistingAsync(directories, cancellationToken);
        using var root = volume is null ? null : ConfinedDirectory.OpenRoot(directories.Workspace);
        if (root is null)
        {
            return WorkspaceErrors.WorkspaceNotFound();
        }

        Result<int> extracted;
        try
        {
            // Staged at the volume's root: root-owned, outside the workspace, on the same file system.
            extracted = await new WorkspaceArchiveExtractor(workspace.Value).ExtractAsync(root, directories.Volume, bundle, cancellationToken);
        }
        catch (WorkspaceIOException exception) when (WorkspaceErrors.IsExpected(exception))
        {
            extracted = WorkspaceErrors.From(exception, exception.Path ?? string.Empty);
        }

        if (!extracted.IsSuccess)
        {
            WorkspaceLog.BundleRefused(logger, sessionId, extracted.Error.Code, extracted.Error.Message);
        }

        return extracted;
    }

    private async Task<Result<T>> OnWorkspaceAsync<T>(Guid sessionId, string path, Func<ConfinedDirectory, Result<T>> operation, CancellationToken cancellationToken)
    {
        using var volume = await volumes.OpenExistingAsync(Directories(sessionId), cancellationToken);
        using var root = volume is null ? null : ConfinedDirectory.OpenRoot(Directories(sessionId).Workspace);
        if (root is null)
        {
            return WorkspaceErrors.WorkspaceNotFound();
        }

        try
        {
            return operation(root);
        }
        catch (WorkspaceIOException exception) when (WorkspaceErrors.IsExpected(exception))
        {
            var error = WorkspaceErrors.From(exception, path);
            if (error.Code == WorkspaceErrors.SymlinkNotFollowed)
            {
                WorkspaceLog.PathRefused(logger, sessionId, path, error.Code);
            }

            return error;
        }
    }

    private SessionDirectories Directories(Guid sessionId) =>
        new(sandbox.Value.SandboxesDirectory, sandbox.Value.SocketDirectory, sessionId);
}
