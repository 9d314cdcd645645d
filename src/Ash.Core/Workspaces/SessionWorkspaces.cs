using Ash.Core.Errors;
using Ash.Core.Sessions;

namespace Ash.Core.Workspaces;

/// <summary>
/// The workspace use cases behind the API: the caller's tenant must own the session; reads work in
/// every status while the files exist, changes are refused once the session has ended.
/// </summary>
public sealed class SessionWorkspaces(SessionService sessions, IWorkspaceFiles files)
{
    public async Task<Result<WorkspaceListing>> ListAsync(string tenantId, Guid sessionId, bool includeHidden, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tenantId, sessionId, forChange: false, cancellationToken);
        return found is { } error ? error : await files.ListAsync(sessionId, includeHidden, cancellationToken);
    }

    public async Task<Result<WorkspaceFileContent>> OpenReadAsync(string tenantId, Guid sessionId, string path, CancellationToken cancellationToken)
    {
        var normalized = WorkspacePath.Normalize(path);
        if (!normalized.IsSuccess)
        {
            return normalized.Error;
        }

        var found = await FindAsync(tenantId, sessionId, forChange: false, cancellationToken);
        return found is { } error ? error : await files.OpenReadAsync(sessionId, normalized.Value, cancellationToken);
    }

    /// <summary>
    /// Writes files under <paramref name="targetPath"/> ("" or "." for the workspace). Each file is checked
    /// alone: a bad path or a file over the limits fails by itself (as in Ash) and the others are written.
    /// </summary>
    public async Task<Result<IReadOnlyList<FileWriteOutcome>>> WriteAsync(
        string tenantId, Guid sessionId, string? targetPath, IReadOnlyList<FileUpload> uploads, CancellationToken cancellationToken)
    {
        if (uploads.Count is 0 or > WorkspaceLimits.MaxFilesPerUpload)
        {
            return AshError.Validation($"'files' must hold 1 to {WorkspaceLimits.MaxFilesPerUpload} files");
        }

        var target = WorkspacePath.Normalize(targetPath ?? ".", allowRoot: true);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        var found = await FindAsync(tenantId, sessionId, forChange: true, cancellationToken);
        if (found is { } error)
        {
            return error;
        }

        var outcomes = new FileWriteOutcome?[uploads.Count];
        var accepted = new List<FileUpload>(uploads.Count);
        var acceptedAt = new List<int>(uploads.Count);
        long total = 0;
        for (var i = 0; i < uploads.Count; i++)
        {
            var upload = uploads[i];
            var path = WorkspacePath.Normalize(upload.Path);
            if (!path.IsSuccess)
            {
                outcomes[i] = FileWriteOutcome.Failure(upload.Path, path.Error.Message);
                continue;
            }

            if (upload.Content.Length > WorkspaceLimits.MaxFileBytes)
            {
                outcomes[i] = FileWriteOutcome.Failure(upload.Path, $"File is larger than {WorkspaceLimits.MaxFileBytes / (1024 * 1024)} MiB");
                continue;
            }

            if (total + upload.Content.Length > WorkspaceLimits.MaxUploadBytes)
            {
                outcomes[i] = FileWriteOutcome.Failure(upload.Path, $"The files of one request add up to more than {WorkspaceLimits.MaxUploadBytes / (1024 * 1024)} MiB");
                continue;
            }

            total += upload.Content.Length;
            accepted.Add(upload with { Path = WorkspacePath.Join(target.Value, path.Value) });
            acceptedAt.Add(i);
        }

        if (accepted.Count > 0)
        {
            var written = await files.WriteAsync(sessionId, accepted, cancellationToken);
            if (!written.IsSuccess)
            {
                return written.Error;
            }

            for (var j = 0; j < acceptedAt.Count; j++)
            {
                // Answer with the path the client sent, as Ash does.
                var index = acceptedAt[j];
                outcomes[index] = written.Value[j] with { Path = uploads[index].Path };
            }
        }

        return outcomes.Select(outcome => outcome!).ToList();
    }

    public async Task<Result<string>> DeleteAsync(string tenantId, Guid sessionId, string path, CancellationToken cancellationToken)
    {
        var normalized = WorkspacePath.Normalize(path);
        if (!normalized.IsSuccess)
        {
            return normalized.Error;
        }

        var found = await FindAsync(tenantId, sessionId, forChange: true, cancellationToken);
        return found is { } error ? error : await files.DeleteAsync(sessionId, normalized.Value, cancellationToken);
    }

    public async Task<Result<IWorkspaceArchive>> OpenArchiveAsync(string tenantId, Guid sessionId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tenantId, sessionId, forChange: false, cancellationToken);
        return found is { } error ? error : await files.OpenArchiveAsync(sessionId, cancellationToken);
    }

    public async Task<Result<int>> ExtractArchiveAsync(string tenantId, Guid sessionId, Stream bundle, CancellationToken cancellationToken)
    {
        var found = await FindAsync(tenantId, sessionId, forChange: true, cancellationToken);
        return found is { } error ? error : await files.ExtractArchiveAsync(sessionId, bundle, cancellationToken);
    }

    /// <summary>Null when the caller may go on; otherwise why not.</summary>
    private async Task<AshError?> FindAsync(string tenantId, Guid sessionId, bool forChange, CancellationToken cancellationToken)
    {
        var found = await sessions.GetAsync(tenantId, sessionId, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        return forChange && found.Value.Status == SessionStatus.Ended
            ? AshError.InvalidState("The session has ended: its files can still be read until they are removed, but not changed")
            : null;
    }
}
