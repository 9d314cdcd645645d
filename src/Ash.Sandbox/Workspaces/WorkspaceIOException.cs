using System.ComponentModel;

namespace Ash.Sandbox.Workspaces;

/// <summary>A system call on a workspace failed; <see cref="Errno"/> says why. Turned into an API error by <see cref="WorkspaceErrors"/>.</summary>
internal sealed class WorkspaceIOException(int errno, string operation, string? path = null)
    : IOException($"{operation}{(path is null ? string.Empty : $" '{path}'")}: {new Win32Exception(errno).Message}", errno)
{
    public int Errno { get; } = errno;

    public string? Path { get; } = path;

    public bool IsNoSpace => Errno is FileSystemCalls.ENOSPC or FileSystemCalls.EDQUOT;
}
