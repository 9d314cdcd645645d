using System.Text;
using Ash.Core.Errors;

namespace Ash.Core.Workspaces;

/// <summary>
/// The lexical half of path checking: a client's path must be relative and must not climb with "..".
/// This is only a friendly early answer; the file system half (no symbolic links, no leaving the
/// workspace) is enforced by the kernel when the path is resolved.
/// </summary>
public static class WorkspacePath
{
    /// <summary>
    /// The path with '/' separators and no empty or "." segments ("" is the workspace itself, allowed
    /// only with <paramref name="allowRoot"/>), or an <c>invalid_path</c> error.
    /// </summary>
    public static Result<string> Normalize(string? path, bool allowRoot = false)
    {
        if (path is null || path.Contains('\0', StringComparison.Ordinal))
        {
            return Invalid(path, "it is empty or holds a NUL character");
        }

        if (path.StartsWith('/'))
        {
            return Invalid(path, "absolute paths are not allowed");
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                return Invalid(path, "'..' is not allowed");
            }

            if (Encoding.UTF8.GetByteCount(segment) > WorkspaceLimits.MaxNameBytes)
            {
                return Invalid(path, $"a name is longer than {WorkspaceLimits.MaxNameBytes} bytes");
            }

            segments.Add(segment);
        }

        var normalized = string.Join('/', segments);
        if (normalized.Length == 0 && !allowRoot)
        {
            return Invalid(path, "it names the workspace itself, not a file");
        }

        if (Encoding.UTF8.GetByteCount(normalized) > WorkspaceLimits.MaxPathBytes)
        {
            return Invalid(path, $"it is longer than {WorkspaceLimits.MaxPathBytes} bytes");
        }

        return normalized;
    }

    /// <summary>Joins a normalized directory ("" for the workspace) and a normalized relative path.</summary>
    public static string Join(string directory, string path) => directory.Length == 0 ? path : directory + "/" + path;

    private static AshError Invalid(string? path, string reason) =>
        AshError.Validation($"Invalid path '{path}': {reason}", "invalid_path");
}
