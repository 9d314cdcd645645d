using Ash.Core.Errors;

namespace Ash.Core.Agents;

/// <summary>Checks that a folder is a deployable agent: it exists and holds a CLAUDE.md.</summary>
public static class AgentFolder
{
    public const string InstructionsFile = "CLAUDE.md";

    public static AshError? Validate(string path)
    {
        if (!System.IO.Path.IsPathFullyQualified(path))
        {
            return AshError.Validation($"Agent path must be absolute: '{path}'", "invalid_agent_path");
        }

        if (!Directory.Exists(path))
        {
            return AshError.Validation($"Agent directory not found: '{path}'", "agent_dir_not_found");
        }

        return File.Exists(System.IO.Path.Combine(path, InstructionsFile))
            ? null
            : AshError.Validation("Agent directory must contain CLAUDE.md", "missing_claude_md");
    }
}
