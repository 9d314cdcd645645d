using Ash.Core.Errors;

namespace Ash.Sandbox.Workspaces;

/// <summary>The one place where a failed system call on a workspace becomes an API error or a per-file message.</summary>
internal static class WorkspaceErrors
{
    public const string SymlinkNotFollowed = "symlink_not_followed";

    public static AshError WorkspaceNotFound() =>
        AshError.NotFound("No workspace available for this session", "workspace_not_found");

    public static AshError FileNotFound(string path) => AshError.NotFound($"File not found: {path}", "file_not_found");

    public static AshError NotARegularFile(string path, FileKind kind) => kind == FileKind.Directory
        ? AshError.Validation($"'{path}' is a directory", "is_directory")
        : AshError.Validation($"'{path}' is not a regular file", "not_a_file");

    /// <summary>True for the failures a client can cause (a missing file, a link in the way, a full disk); the others are bugs or outages.</summary>
    public static bool IsExpected(WorkspaceIOException exception) => exception.Errno is FileSystemCalls.ENOENT or FileSystemCalls.ENOTDIR
        or FileSystemCalls.ELOOP or FileSystemCalls.EXDEV or FileSystemCalls.EISDIR or FileSystemCalls.ENXIO
        or FileSystemCalls.ENAMETOOLONG or FileSystemCalls.ENOSPC or FileSystemCalls.EDQUOT or FileSystemCalls.ENOTEMPTY;

    /// <summary>The API error for an expected failure (<see cref="IsExpected"/>) on <paramref name="path"/>.</summary>
    public static AshError From(WorkspaceIOException exception, string path) => exception.Errno switch
    {
        FileSystemCalls.ENOENT or FileSystemCalls.ENOTDIR => FileNotFound(path),
        FileSystemCalls.ELOOP or FileSystemCalls.EXDEV => AshError.Validation(
            $"'{path}' is or goes through a symbolic link or a mount; links are never followed", SymlinkNotFollowed),
        FileSystemCalls.EISDIR => NotARegularFile(path, FileKind.Directory),
        FileSystemCalls.ENXIO => NotARegularFile(path, FileKind.Other),
        FileSystemCalls.ENAMETOOLONG => AshError.Validation($"Invalid path '{path}': too long or too deep", "invalid_path"),
        FileSystemCalls.ENOSPC or FileSystemCalls.EDQUOT => NoSpace(),
        FileSystemCalls.ENOTEMPTY => AshError.Validation($"'{path}' changed while it was being changed; try again", "conflict"),
        _ => throw new ArgumentOutOfRangeException(nameof(exception), exception.Errno, "not an expected workspace failure"),
    };

    public static AshError NoSpace() => AshError.InsufficientStorage("No space left for the session's workspace");

    /// <summary>A per-file message (uploads answer one per file, as in Ash).</summary>
    public static string Describe(IOException exception, string path) => exception switch
    {
        WorkspaceIOException io when IsExpected(io) => From(io, path).Message,
        _ when IsNoSpace(exception) => "No space left for the session's workspace",
        _ => exception.Message,
    };

    /// <summary>ENOSPC or EDQUOT, from our own calls or from .NET's file I/O (which puts errno in HResult).</summary>
    public static bool IsNoSpace(IOException exception) =>
        exception.HResult is FileSystemCalls.ENOSPC or FileSystemCalls.EDQUOT;
}
