using Ash.Core.Errors;

namespace Ash.Core.Agents.Deploy;

/// <summary>
/// An uploaded agent (<c>files[]</c>): every path is checked first (relative, no "..", no empty segments) and every
/// content decoded; nothing is written unless all files are valid and CLAUDE.md is among them. The content store then
/// writes them into a staging folder and keeps them as the agent's content.
/// </summary>
public static class AgentUpload
{
    public const int MaxFiles = 2000;

    public static Result<IReadOnlyList<(string Path, byte[] Bytes)>> Decode(IReadOnlyList<AgentUploadFile?> files)
    {
        if (files.Count > MaxFiles)
        {
            return AshError.Validation($"An agent upload holds at most {MaxFiles} files");
        }

        var decoded = new List<(string Path, byte[] Bytes)>(files.Count);
        foreach (var file in files)
        {
            if (file is null)
            {
                return AshError.Validation("Each entry of 'files' must be an object {path, content}");
            }

            if (file.Path is not { Length: > 0 } path || !IsSafeRelativePath(path))
            {
                return AshError.Validation($"Invalid file path '{file.Path}': paths must be relative and stay inside the agent folder", "invalid_path");
            }

            var bytes = Base64Content(path, file.Content);
            if (!bytes.IsSuccess)
            {
                return bytes.Error;
            }

            decoded.Add((path.Replace('\\', '/'), bytes.Value));
        }

        if (!decoded.Exists(file => file.Path == AgentFolder.InstructionsFile))
        {
            return AshError.Validation("Agent directory must contain CLAUDE.md", "missing_claude_md");
        }

        return decoded;
    }

    /// <summary>A file's content as the API sends it (base64; none is empty), or the error naming the file.</summary>
    public static Result<byte[]> Base64Content(string path, string? content)
    {
        try
        {
            return Convert.FromBase64String(content ?? string.Empty);
        }
        catch (FormatException)
        {
            return AshError.Validation($"File '{path}' content is not valid base64", "invalid_base64");
        }
    }

    private static bool IsSafeRelativePath(string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal) || Path.IsPathRooted(path) || path.StartsWith('/') || path.StartsWith('\\'))
        {
            return false;
        }

        foreach (var segment in path.Split('/', '\\'))
        {
            if (segment is "" or "." or "..")
            {
                return false;
            }
        }

        return true;
    }
}
