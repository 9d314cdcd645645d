using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Client.Wire;

// Source-generated (de)serialisers for everything on the wire: camelCase, case-insensitive on read,
// and unset optional request fields left out so the server applies its defaults.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(AgentResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionPage))]
[JsonSerializable(typeof(MessageListResponse))]
[JsonSerializable(typeof(EventListResponse))]
[JsonSerializable(typeof(DeployAgentRequest))]
[JsonSerializable(typeof(UploadAgentRequest))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(WorkspaceListing))]
[JsonSerializable(typeof(WriteFilesRequest))]
[JsonSerializable(typeof(WriteFilesResponse))]
[JsonSerializable(typeof(FileDeletedResponse))]
[JsonSerializable(typeof(WorkspaceUploadRequest))]
[JsonSerializable(typeof(WorkspaceUploadResult))]
[JsonSerializable(typeof(ExecRequest))]
[JsonSerializable(typeof(ExecResult))]
[JsonSerializable(typeof(SandboxLogPage))]
[JsonSerializable(typeof(ApiKeyListResponse))]
[JsonSerializable(typeof(CreateApiKeyRequest))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(TenantResponse))]
[JsonSerializable(typeof(TenantListResponse))]
[JsonSerializable(typeof(CreateTenantRequest))]
[JsonSerializable(typeof(CreatedTenant))]
[JsonSerializable(typeof(DisabledTenant))]
[JsonSerializable(typeof(string))]
internal sealed partial class AshJsonContext : JsonSerializerContext;
