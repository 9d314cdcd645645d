using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Server.Agents;
using Ash.Server.ApiKeys;
using Ash.Server.Attachments;
using Ash.Server.Budgets;
using Ash.Server.Credentials;
using Ash.Server.Errors;
using Ash.Server.Exec;
using Ash.Server.Health;
using Ash.Server.Logs;
using Ash.Server.Messages;
using Ash.Server.Queue;
using Ash.Server.Sessions;
using Ash.Server.Tenants;
using Ash.Server.Usage;
using Ash.Server.Workspaces;

namespace Ash.Server.Json;

/// <summary>Source-generated JSON for every request and response body (no reflection at run time).</summary>
// Bodies read straight through this context (not the framework's binding) refuse unknown fields too.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(DeployAgentRequest))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(DeletedResponse))]
[JsonSerializable(typeof(PatchAgentRequest))]
[JsonSerializable(typeof(AgentConfigResponse))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
[JsonSerializable(typeof(AgentFileListResponse))]
[JsonSerializable(typeof(AgentFileContentResponse))]
[JsonSerializable(typeof(WriteAgentFilesRequest))]
[JsonSerializable(typeof(AgentFilesWrittenResponse))]
[JsonSerializable(typeof(AgentFileDeletedResponse))]
[JsonSerializable(typeof(AgentVersionResponse))]
[JsonSerializable(typeof(AgentVersionListResponse))]
[JsonSerializable(typeof(CreateAgentVersionRequest))]
[JsonSerializable(typeof(UpdateAgentVersionRequest))]
[JsonSerializable(typeof(VersionActivatedResponse))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(PatchSessionConfigRequest))]
[JsonSerializable(typeof(SessionListResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(MessageListResponse))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(TimelineListResponse))]
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
[JsonSerializable(typeof(UploadAttachmentRequest))]
[JsonSerializable(typeof(AttachmentResponse))]
[JsonSerializable(typeof(AttachmentListResponse))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(EnqueueRequest))]
[JsonSerializable(typeof(QueueItemResponse))]
[JsonSerializable(typeof(QueueListResponse))]
[JsonSerializable(typeof(QueueStatsResponse))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreatedApiKeyResponse))]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(CreatedTenantResponse))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(TenantListResponse))]
[JsonSerializable(typeof(DisabledTenantResponse))]
[JsonSerializable(typeof(CreateCredentialRequest))]
[JsonSerializable(typeof(CredentialResponse))]
[JsonSerializable(typeof(CredentialListResponse))]
[JsonSerializable(typeof(SetBudgetRequest))]
[JsonSerializable(typeof(BudgetResponse))]
[JsonSerializable(typeof(BudgetListResponse))]
[JsonSerializable(typeof(UsageListResponse))]
[JsonSerializable(typeof(UsageStatsResponse))]
[JsonSerializable(typeof(AnalyticsResponse))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
