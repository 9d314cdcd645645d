using Ash.Core.Agents.Deploy;
using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Server.Agents;

/// <summary>
/// Writing and deleting an agent's files (<c>POST</c> and <c>DELETE /api/agents/:name/files</c>), as edits of a private
/// copy of its content (<see cref="Core.Agents.Deploy.AgentDeploy.ChangeAsync"/>). Every path is checked before anything is written, and the copy is
/// only kept when every edit succeeded, so a batch is all or nothing. The copy holds no links (content is copied
/// without them), so a path resolved in it cannot leave it.
/// </summary>
internal static class AgentFileEdits
{
    public const int MaxFiles = 500;

    /// <summary>Checks and decodes an upload: relative paths that stay inside, each once, base64 contents.</summary>
    public static Result<IReadOnlyList<(string Path, byte[] Bytes)>> Decode(IReadOnlyList<AgentFileUpload?> files)
    {
        if (files.Count is 0 or > MaxFiles)
        {
            return AshError.Validation($"'files' holds 1 to {MaxFiles} files");
        }

        var decoded = new List<(string Path, byte[] Bytes)>(files.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file is not { Path: { } path })
            {
                return AshError.Validation("Each entry of 'files' must be an object {path, content}");
            }

            var normalized = WorkspacePath.Normalize(path);
            if (!normalized.IsSuccess)
            {
                return normalized.Error;
            }

            if (!seen.Add(normalized.Value))
            {
                return AshError.Validation($"'{normalized.Value}' appears more than once in 'files'", "duplicate_path");
            }

            var bytes = AgentUpload.Base64Content(path, file.Content);
            if (!bytes.IsSuccess)
            {
                return bytes.Error;
            }

            decoded.Add((normalized.Value, bytes.Value));
        }

        return decoded;
    }

    public static Func<string, AshError?> Write(IReadOnlyList<(string Path, byte[] Bytes)> files) => copy =>
    {
        foreach (var (path, _) in files)
        {
            if (Blocked(copy, path) is { } blocked)
            {
                return blocked;
            }
        }

        foreach (var (path, bytes) in files)
        {
            var destination = Path.Combine(copy, path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllBytes(destination, bytes);
        }

        return null;
    };

    /// <summary>Deletes one file, and the directories it leaves empty.</summary>
    public static Func<string, AshError?> Delete(string path) => copy =>
    {
        var target = Path.Combine(copy, path);
        if (Directory.Exists(target))
        {
            return AshError.Validation($"'{path}' is a directory; delete the files in it", "is_directory");
        }

        if (!File.Exists(target))
        {
            return AshError.NotFound($"File not found: {path}", "file_not_found");
        }

        File.Delete(target);
        for (var parent = Path.GetDirectoryName(target); parent is not null && parent != copy && !Directory.EnumerateFileSystemEntries(parent).Any(); parent = Path.GetDirectoryName(parent))
        {
            Directory.Delete(parent);
        }

        return null;
    };

    /// <summary>A file cannot be written where a directory is, nor beneath a file.</summary>
    private static AshError? Blocked(string copy, string path)
    {
        if (Directory.Exists(Path.Combine(copy, path)))
        {
            return AshError.Validation($"'{path}' is a directory in the agent's files", "is_directory");
        }

        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            if (File.Exists(Path.Combine(copy, path[..slash])))
            {
                return AshError.Validation($"'{path[..slash]}' is a file in the agent's files, so '{path}' cannot be written", "not_a_directory");
            }
        }

        return null;
    }
}
