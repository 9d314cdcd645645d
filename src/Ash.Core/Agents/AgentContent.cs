using System.Text.RegularExpressions;
using Ash.Core.Errors;

namespace Ash.Core.Agents;

/// <summary>
/// A deployed agent's content: an immutable copy of its folder that every deploy (by path or by upload)
/// writes under the agents directory (<c>Ash:Agents:Directory</c>) as
/// <c>&lt;agents&gt;/&lt;tenant&gt;/&lt;name&gt;/&lt;content id&gt;</c>, where the content id is the SHA-256 of the
/// files (issue 12). The agent's row points there. A sandbox host on another node is handed this reference,
/// never a path: it validates each part strictly and finds the folder under its own agents directory
/// (<see cref="Resolve"/>), so a caller cannot make it read anything else. A content id names its files
/// forever, so two deploys of one name at once cannot overwrite each other's folder, whichever version
/// number the database gives each.
/// </summary>
public sealed partial record AgentContent(string TenantId, string AgentName, string ContentId)
{
    /// <summary>Hex digits of a content id: a SHA-256, lower case.</summary>
    public const int ContentIdLength = 64;

    /// <summary>Tenant ids that may name a folder: the agent-name pattern (no separators, no leading dot).</summary>
    public static bool IsValidTenant(string? tenantId) => tenantId is not null && TenantPattern().IsMatch(tenantId);

    public static bool IsValidContentId(string? contentId) => contentId is not null && ContentIdPattern().IsMatch(contentId);

    /// <summary>The reference, when every part is well formed; else a validation error naming the part.</summary>
    public static Result<AgentContent> Of(string? tenantId, string? agentName, string? contentId)
    {
        if (!IsValidTenant(tenantId))
        {
            return AshError.Validation("The tenant id is not a valid tenant id", "invalid_agent_ref");
        }

        if (!Agents.AgentName.IsValid(agentName))
        {
            return AshError.Validation("The agent name is not a valid agent name", "invalid_agent_ref");
        }

        if (!IsValidContentId(contentId))
        {
            return AshError.Validation($"The agent's content id must be {ContentIdLength} lower-case hex digits", "invalid_agent_ref");
        }

        return new AgentContent(tenantId!, agentName!, contentId!);
    }

    /// <summary>
    /// The content an agent row's path points at (<c>…/&lt;tenant&gt;/&lt;name&gt;/&lt;content id&gt;</c>), or null for a
    /// folder deployed before agents were kept as content (its path is anywhere on the server that deployed it).
    /// </summary>
    public static AgentContent? FromPath(string agentPath, string tenantId, string agentName)
    {
        var trimmed = agentPath.TrimEnd('/');
        var contentId = Path.GetFileName(trimmed);
        var nameFolder = Path.GetDirectoryName(trimmed);
        var tenantFolder = nameFolder is null ? null : Path.GetDirectoryName(nameFolder);
        if (nameFolder is null || tenantFolder is null
            || Path.GetFileName(nameFolder) != agentName || Path.GetFileName(tenantFolder) != tenantId)
        {
            return null;
        }

        var parsed = Of(tenantId, agentName, contentId);
        return parsed.IsSuccess ? parsed.Value : null;
    }

    /// <summary>Where this content is under <paramref name="agentsDirectory"/>; the parts are valid, so it stays inside.</summary>
    public string PathUnder(string agentsDirectory) => Path.Combine(agentsDirectory, TenantId, AgentName, ContentId);

    /// <summary>
    /// The folder of this content under <paramref name="agentsDirectory"/>, checked: every level below the agents
    /// directory is a real directory (a symbolic link is refused, wherever it points) and CLAUDE.md is a regular
    /// file. A missing folder is a clear error: the agent was deployed where this host cannot see it.
    /// </summary>
    public Result<string> Resolve(string agentsDirectory)
    {
        if (!Path.IsPathFullyQualified(agentsDirectory))
        {
            return AshError.Validation("The agents directory must be an absolute path", "invalid_agents_directory");
        }

        var current = Path.TrimEndingDirectorySeparator(agentsDirectory);
        foreach (var part in new[] { TenantId, AgentName, ContentId })
        {
            current = Path.Combine(current, part);
            var folder = new DirectoryInfo(current);
            if (folder.LinkTarget is not null)
            {
                return AshError.Validation($"Agent '{AgentName}': its content folder is a symbolic link, which is never followed", "agent_content_link");
            }

            if (!folder.Exists)
            {
                return AshError.NotFound(
                    $"Agent '{AgentName}' (content {ContentId[..12]}) is not in this server's agents directory; every server must mount the same agents directory (Ash:Agents:Directory, --agents-dir), or deploy the agent again",
                    "agent_content_missing");
            }
        }

        var instructions = new FileInfo(Path.Combine(current, AgentFolder.InstructionsFile));
        return instructions.Exists && instructions.LinkTarget is null
            ? current
            : AshError.Validation($"Agent '{AgentName}' (content {ContentId[..12]}) has no CLAUDE.md", "missing_claude_md");
    }

    [GeneratedRegex(@"^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TenantPattern();

    [GeneratedRegex(@"^[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ContentIdPattern();
}
