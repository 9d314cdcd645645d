using Ash.Core.Agents;
using Ash.Core.Errors;

namespace Ash.Server.Agents;

/// <summary>
/// Writes an uploaded agent (<c>files[]</c>) to &lt;data&gt;/agents/&lt;tenant&gt;/&lt;name&gt;, replacing any
/// earlier upload whole. Every path is checked first: relative, no "..", no empty segments; nothing
/// is written unless all files are valid and CLAUDE.md is among them.
/// </summary>
internal static class UploadedAgentFolder
{
    public const int MaxFiles = 2000;

    public static Result<string> Write(string agentsRoot, string tenantId, string name, IReadOnlyList<AgentFileUpload> files)
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

            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(file.Content ?? string.Empty);
            }
            catch (FormatException)
            {
                return AshError.Validation($"File '{path}' content is not valid base64", "invalid_base64");
            }

            decoded.Add((path.Replace('\\', '/'), bytes));
        }

        if (!decoded.Exists(file => file.Path == AgentFolder.InstructionsFile))
        {
            return AshError.Validation("Agent directory must contain CLAUDE.md", "missing_claude_md");
        }

        var target = Path.Combine(agentsRoot, tenantId, name);
        var staging = target + ".upload-" + Guid.NewGuid().ToString("N");
        foreach (var (path, bytes) in decoded)
        {
            var destination = Path.Combine(staging, path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllBytes(destination, bytes);
        }

        var previous = target + ".old-" + Guid.NewGuid().ToString("N");
        if (Directory.Exists(target))
        {
            Directory.Move(target, previous);
        }

        Directory.Move(staging, target);
        if (Directory.Exists(previous))
        {
            Directory.Delete(previous, recursive: true);
        }

        return target;
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
