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
/// A download holds the volume's lease until its stream is disposed: "in use" means leased, so the volume
/// is not unmounted under it while the server thinks it idle.
/// </summary>
public sealed class LocalWorkspaceFiles(IOptions<SandboxOptions> sandbox, IOptions<WorkspaceOptions> workspace, SessionVolumes volumes, ILogger<LocalWorkspaceFiles> logger) : IWorkspaceFiles
{
    public Task<Result<WorkspaceListing>> ListAsync(Guid sessionId, bool includeHidden, CancellationToken cancellationToken) =>
        OnWorkspaceAsync(sessionId, string.Empty, root => (Result<WorkspaceListing>)WorkspaceLister.List(root, includeHidden), cancellationToken);

    public async Task<Result<WorkspaceFileContent>> OpenReadAsync(Guid sessionId, string path, CancellationToken cancellationToken)
    {
        var volume = await volumes.OpenExistingAsync(Directories(sessionId), cancellationToken);
        try
        {
            var opened = OnWorkspace(sessionId, volume, path, root => WorkspaceReader.Open(root, path, volume));
            if (opened.IsSuccess)
            {
                volume = null; // the content's stream holds it now
            }

            return opened;
        }
        finally
        {
            volume?.Dispose();
        }
    }

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
        var volume = await volumes.OpenExistingAsync(Directories(sessionId), cancellationToken);
        try
        {
            var root = volume is null ? null : ConfinedDirectory.OpenRoot(volume.Workspace);
            if (root is null)
            {
                return WorkspaceErrors.WorkspaceNotFound();
            }

            var archive = new WorkspaceArchiveWriter(root, volume);
            volume = null; // the archive holds it until the download ends
            return archive;
        }
        finally
        {
            volume?.Dispose();
        }
    }

    public async Task<Result<int>> ExtractArchiveAsync(Guid sessionId, Stream bundle, CancellationToken cancellationToken)
    {
        using var volume = await volumes.OpenExistingAsync(Directories(sessionId), cancellationToken);
        using var root = volume is null ? null : ConfinedDirectory.OpenRoot(volume.Workspace);
        if (root is null)
        {
            return WorkspaceErrors.WorkspaceNotFound();
        }

        Result<int> extracted;
        try
        {
            // Staged beside the workspace (the volume's root): root-owned, outside the workspace, on the same file system.
            extracted = await new WorkspaceArchiveExtractor(workspace.Value).ExtractAsync(root, volume!.Staging, bundle, cancellationToken);
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
        return OnWorkspace(sessionId, volume, path, operation);
    }

    private Result<T> OnWorkspace<T>(Guid sessionId, VolumeLease? volume, string path, Func<ConfinedDirectory, Result<T>> operation)
    {
        using var root = volume is null ? null : ConfinedDirectory.OpenRoot(volume.Workspace);
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
