using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Server.Agents;
using Ash.Server.Credentials;
using Ash.Server.Errors;
using Ash.Server.Exec;
using Ash.Server.Health;
using Ash.Server.Logs;
using Ash.Server.Messages;
using Ash.Server.Sessions;
using Ash.Server.Usage;
using Ash.Server.Workspaces;

namespace Ash.Server.Json;

/// <summary>Source-generated JSON for every request and response body (no reflection at run time).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(DeployAgentRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionListResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(MessageListResponse))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(InterruptResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(ExecCommandRequest))]
[JsonSerializable(typeof(ExecCommandResponse))]
[JsonSerializable(typeof(FileListResponse))]
[JsonSerializable(typeof(SandboxLogsResponse))]
[JsonSerializable(typeof(FileContentResponse))]
[JsonSerializable(typeof(WriteFilesRequest))]
[JsonSerializable(typeof(WriteFilesResponse))]
[JsonSerializable(typeof(FileDeletedResponse))]
[JsonSerializable(typeof(WorkspaceUploadRequest))]
[JsonSerializable(typeof(WorkspaceUploadResponse))]
[JsonSerializable(typeof(CreateCredentialRequest))]
[JsonSerializable(typeof(CredentialResponse))]
[JsonSerializable(typeof(CredentialListResponse))]
[JsonSerializable(typeof(UsageListResponse))]
[JsonSerializable(typeof(UsageStatsResponse))]
[JsonSerializable(typeof(AnalyticsResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
