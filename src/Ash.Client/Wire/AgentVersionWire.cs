namespace Ash.Client.Wire;

internal sealed record AgentVersionListResponse(IReadOnlyList<AgentVersion> Versions);

internal sealed record VersionActivatedResponse(bool Activated, int VersionNumber);
