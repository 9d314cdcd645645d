using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Reads one regular file beneath a server-side directory that is not a session workspace (an agent's content), with
/// the workspace files' guarantees: the path is checked lexically (<see cref="WorkspacePath"/>) and resolved by the
/// kernel beneath the directory with no symbolic link followed (<see cref="ConfinedDirectory"/>).
/// </summary>
public static class ConfinedFileReader
{
    public static Result<WorkspaceFileContent> Open(string root, string? path)
    {
        var normalized = WorkspacePath.Normalize(path);
        if (!normalized.IsSuccess)
        {
            return normalized.Error;
        }

        using var directory = ConfinedDirectory.OpenRoot(root);
        if (directory is null)
        {
            return WorkspaceErrors.FileNotFound(normalized.Value);
        }

        try
        {
            return WorkspaceReader.Open(directory, normalized.Value);
        }
        catch (WorkspaceIOException exception) when (WorkspaceErrors.IsExpected(exception))
        {
            return WorkspaceErrors.From(exception, normalized.Value);
        }
    }
}
