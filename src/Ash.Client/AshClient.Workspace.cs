using System.Net.Http.Json;
using Ash.Client.Wire;

namespace Ash.Client;

public sealed partial class AshClient
{
    /// <summary>Lists the regular files of a session's workspace, recursively (<c>node_modules</c>, <c>.git</c> and <c>__pycache__</c> left out).</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="includeHidden"><see langword="false"/> also leaves out names starting with a dot.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 when no such session exists, or (<c>workspace_not_found</c>) when its files were removed.</exception>
    public Task<WorkspaceListing> ListFilesAsync(string sessionId, bool includeHidden = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var route = WithQuery($"api/sessions/{Escape(sessionId)}/files", ("includeHidden", includeHidden ? null : "false"));
        return SendAsync(HttpMethod.Get, route, content: null, AshJsonContext.Default.WorkspaceListing, cancellationToken);
    }

    /// <summary>Reads one file of a session's workspace, as bytes.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="path">Path relative to the workspace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">
    /// 404 (<c>file_not_found</c>) when there is no such file; 400 when the path is invalid, names a directory or
    /// something other than a regular file, or goes through a symbolic link (<c>symlink_not_followed</c>).
    /// </exception>
    public async Task<byte[]> ReadFileAsync(string sessionId, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var request = CreateRequest(HttpMethod.Get, FileRoute(sessionId, path), content: null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>
    /// Writes files into a session's workspace, creating parent directories. Each file succeeds or fails
    /// on its own; an existing file (or a link) at a path is replaced.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="files">1 to 500 files, each at most 50 MiB, together at most 100 MiB.</param>
    /// <param name="targetPath">Directory the paths are relative to; the workspace itself when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One result per file, in order.</returns>
    /// <exception cref="AshApiException">404 when no such session exists; 400 (<c>invalid_state</c>) when it has ended.</exception>
    public async Task<IReadOnlyList<FileWriteResult>> WriteFilesAsync(
        string sessionId, IReadOnlyList<FileUpload> files, string? targetPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(files);
        var body = JsonContent.Create(new WriteFilesRequest(files, targetPath), AshJsonContext.Default.WriteFilesRequest);
        var response = await SendAsync(HttpMethod.Post, $"api/sessions/{Escape(sessionId)}/files", body, AshJsonContext.Default.WriteFilesResponse, cancellationToken);
        return response.Files;
    }

    /// <summary>Deletes a file, a directory tree, or a symbolic link (never what it points to) from a session's workspace.</summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="path">Path relative to the workspace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="AshApiException">404 (<c>file_not_found</c>) when there is nothing at the path; 400 (<c>invalid_state</c>) when the session has ended.</exception>
    public async Task DeleteFileAsync(string sessionId, string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(path);
        await SendAsync(HttpMethod.Delete, FileRoute(sessionId, path), content: null, AshJsonContext.Default.FileDeletedResponse, cancellationToken);
    }

    /// <summary>
    /// Downloads a session's workspace as a tar.gz into <paramref name="destination"/>, as the server streams it.
    /// Symbolic links are stored as links; <c>node_modules</c>, <c>.git</c> and <c>__pycache__</c> are left out.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="destination">Where the archive's bytes are written; not disposed.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    public async Task DownloadWorkspaceAsync(string sessionId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(destination);
        using var request = CreateRequest(HttpMethod.Get, $"api/sessions/{Escape(sessionId)}/workspace", content: null);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>
    /// Uploads a tar.gz into a session's workspace, merged over what is there. The server checks the whole
    /// bundle first and applies nothing if any entry is unsafe (absolute paths, "..", hard links, devices,
    /// links that point outside the workspace) or the bundle is too large once decompressed.
    /// </summary>
    /// <param name="sessionId">Session id.</param>
    /// <param name="bundle">The tar.gz bytes, read to the end (at most about 100 MiB).</param>
    /// <param name="cancellationToken">Cancels reading the bundle and the request.</param>
    /// <exception cref="AshApiException">400 with a code saying which check failed; 413 (<c>bundle_too_large</c>); 400 (<c>invalid_state</c>) when the session has ended.</exception>
    public async Task<WorkspaceUploadResult> UploadWorkspaceAsync(string sessionId, Stream bundle, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(bundle);
        using var buffer = new MemoryStream();
        await bundle.CopyToAsync(buffer, cancellationToken);
        var body = JsonContent.Create(new WorkspaceUploadRequest(buffer.ToArray()), AshJsonContext.Default.WorkspaceUploadRequest);
        return await SendAsync(HttpMethod.Post, $"api/sessions/{Escape(sessionId)}/workspace", body, AshJsonContext.Default.WorkspaceUploadResult, cancellationToken);
    }

    // Each segment escaped on its own, so '/' stays a separator and nothing else is read as one.
    private static string FileRoute(string sessionId, string path) =>
        $"api/sessions/{Escape(sessionId)}/files/{string.Join('/', path.Split('/').Select(Escape))}";
}
