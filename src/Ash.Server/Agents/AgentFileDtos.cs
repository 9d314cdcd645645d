using Ash.Server.Workspaces;

namespace Ash.Server.Agents;

public sealed record AgentFileListResponse(List<FileEntryDto> Files);

public sealed record AgentFileContentResponse(string Path, string Content, long Size);

public sealed record WriteAgentFilesRequest(List<AgentFileUpload?>? Files);

/// <summary>Ash's <c>{written}</c>, and the agent version the files are in now.</summary>
public sealed record AgentFilesWrittenResponse(int Written, int Version);

/// <summary>Ash's <c>{deleted:true}</c>, with the path and the agent version without the file.</summary>
public sealed record AgentFileDeletedResponse(string Path, bool Deleted, int Version);
