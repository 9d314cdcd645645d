using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Server.Dapr;

/// <summary>
/// The workspace file routes of a sessions app whose sandboxes run on other nodes: the files are there,
/// and reaching them through Dapr is not built yet (issue 5 leaves it open). Answered plainly with 503
/// <c>not_available_distributed</c> instead of pretending the files are missing. Exec and logs do work.
/// </summary>
internal sealed class NodeWorkspaceFiles : IWorkspaceFiles
{
    private static AshError NotHere() => AshError.Unavailable(
        "Workspace files are kept by the sandbox host that runs the session; this server runs without the sandbox-host role, and serving them across nodes is not implemented yet. Use exec (cat, ls) meanwhile.",
        "not_available_distributed");

    public Task<Result<WorkspaceListing>> ListAsync(Guid sessionId, bool includeHidden, CancellationToken cancellationToken) => Task.FromResult<Result<WorkspaceListing>>(NotHere());

    public Task<Result<WorkspaceFileContent>> OpenReadAsync(Guid sessionId, string path, CancellationToken cancellationToken) => Task.FromResult<Result<WorkspaceFileContent>>(NotHere());

    public Task<Result<IReadOnlyList<FileWriteOutcome>>> WriteAsync(Guid sessionId, IReadOnlyList<FileUpload> files, CancellationToken cancellationToken) => Task.FromResult<Result<IReadOnlyList<FileWriteOutcome>>>(NotHere());

    public Task<Result<string>> DeleteAsync(Guid sessionId, string path, CancellationToken cancellationToken) => Task.FromResult<Result<string>>(NotHere());

    public Task<Result<IWorkspaceArchive>> OpenArchiveAsync(Guid sessionId, CancellationToken cancellationToken) => Task.FromResult<Result<IWorkspaceArchive>>(NotHere());

    public Task<Result<int>> ExtractArchiveAsync(Guid sessionId, Stream bundle, CancellationToken cancellationToken) => Task.FromResult<Result<int>>(NotHere());
}
