using Ash.Core.Errors;
using Ash.Core.Workspaces;
using Ash.Sandbox.Directories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// The workspace files of sessions whose directories are on this machine, found where the sandbox host
/// keeps them (<see cref="SessionDirectories"/>). Every operation starts from one descriptor of the
/// workspace directory and resolves beneath it (<see cref="ConfinedDirectory"/>).
/// </summary>
public sealed class LocalWorkspaceFiles(IOptions<SandboxOptions> sandbox, IOptions<WorkspaceOptions> workspace, ILogger<LocalWorkspaceFiles> logger) : IWorkspaceFiles
{
    public Task<Result<WorkspaceListing>> ListAsync(Guid sessionId, bool includeHidden, CancellationToken cancellationToken) =>
        Task.FromResult(OnWorkspace(sessionId, string.Empty, root => (Result<WorkspaceListing>)WorkspaceLister.List(root, includeHidden)));

    public Task<Result<WorkspaceFileContent>> OpenReadAsync(Guid sessionId, string path, CancellationToken cancellationToken) =>
        Task.FromResult(OnWorkspace(sessionId, path, root => WorkspaceReader.Open(root, path)));

    public Task<Result<IReadOnlyList<FileWriteOutcome>>> WriteAsync(Guid sessionId, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken) =>
        Task.FromResult(OnWorkspace(sessionId, string.Empty, root =>
        {
            var outcomes = new List<FileWriteOutcome>(files.Count);
            foreach (var file in files)
            {
                outcomes.Add(WorkspaceWriter.Write(root, file));
            }

            return (Result<IReadOnlyList<FileWriteOutcome>>)outcomes;
        }));

    public Task<Result<string>> DeleteAsync(Guid sessionId, string path, CancellationToken cancellationToken) =>
        Task.FromResult(OnWorkspace(sessionId, path, root => WorkspaceWriter.Delete(root, path)));

    public Task<Result<IWorkspaceArchive>> OpenArchiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var root = ConfinedDirectory.OpenRoot(Directories(sessionId).Workspace);
        return Task.FromResult<Result<IWorkspaceArchive>>(root is null ? WorkspaceErrors.WorkspaceNotFound() : new WorkspaceArchiveWriter(root));
    }

    public async Task<Result<int>> ExtractArchiveAsync(Guid sessionId, Stream bundle, CancellationToken cancellationToken)
    {
        var directories = Directories(sessionId);
        using var root = ConfinedDirectory.OpenRoot(directories.Workspace);
        if (root is null)
        {
            return WorkspaceErrors.WorkspaceNotFound();
        }

        Result<int> extracted;
        try
        {
            extracted = await new WorkspaceArchiveExtractor(workspace.Value).ExtractAsync(root, directories.Root, bundle, cancellationToken);
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

    private Result<T> OnWorkspace<T>(Guid sessionId, string path, Func<ConfinedDirectory, Result<T>> operation)
    {
        using var root = ConfinedDirectory.OpenRoot(Directories(sessionId).Workspace);
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
