using System.Text.Json;
using Ash.Core.Agents;

namespace Ash.Server.Agents;

/// <summary>Ash's AgentVersion, plus <c>contentId</c>: the content the version runs (null for an agent deployed before content ids).</summary>
public sealed record AgentVersionDto(
    string Id,
    string TenantId,
    string AgentName,
    int VersionNumber,
    string Name,
    string? SystemPrompt,
    string? ReleaseNotes,
    bool IsActive,
    IReadOnlyList<string>? KnowledgeFiles,
    string? CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? ContentId)
{
    public static AgentVersionDto From(AgentVersion version) => new(
        version.Id,
        version.TenantId,
        version.AgentName,
        version.VersionNumber,
        version.Name,
        version.SystemPrompt,
        version.ReleaseNotes,
        version.IsActive,
        version.KnowledgeFiles,
        version.CreatedBy,
        version.CreatedAt,
        version.UpdatedAt,
        AgentContent.FromPath(version.Path, version.TenantId, version.AgentName)?.ContentId);
}

public sealed record AgentVersionResponse(AgentVersionDto Version);

public sealed record AgentVersionListResponse(List<AgentVersionDto> Versions);

/// <summary>POST a version (Ash): <c>cloneFrom</c> is a version number or id.</summary>
public sealed record CreateAgentVersionRequest(string? Name, string? SystemPrompt, string? ReleaseNotes, List<string>? KnowledgeFiles, JsonElement? CloneFrom);

public sealed record UpdateAgentVersionRequest(string? Name, string? SystemPrompt, string? ReleaseNotes, List<string>? KnowledgeFiles);

public sealed record VersionActivatedResponse(bool Activated, int VersionNumber);
