using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Cli.Commands;
using Ash.Client;

namespace Ash.Cli.Output;

// Serialisers for --json output: the API's own camelCase shapes, one document per line.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(IReadOnlyList<Agent>))]
[JsonSerializable(typeof(IReadOnlyList<AgentVersion>))]
[JsonSerializable(typeof(Session))]
[JsonSerializable(typeof(IReadOnlyList<Session>))]
[JsonSerializable(typeof(AshEvent))]
[JsonSerializable(typeof(IReadOnlyList<SessionEvent>))]
[JsonSerializable(typeof(IReadOnlyList<Message>))]
[JsonSerializable(typeof(InterruptResult))]
[JsonSerializable(typeof(CliFailureJson))]
[JsonSerializable(typeof(StartResult))]
[JsonSerializable(typeof(StopResult))]
[JsonSerializable(typeof(EnvResult))]
[JsonSerializable(typeof(WorkspaceListing))]
[JsonSerializable(typeof(IReadOnlyList<FileWriteResult>))]
[JsonSerializable(typeof(WorkspaceUploadResult))]
[JsonSerializable(typeof(DeletedFile))]
[JsonSerializable(typeof(DownloadedWorkspace))]
[JsonSerializable(typeof(ExecResult))]
[JsonSerializable(typeof(SandboxLogEntry))]
[JsonSerializable(typeof(IReadOnlyList<ApiKey>))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(IReadOnlyList<Tenant>))]
[JsonSerializable(typeof(DisabledTenant))]
[JsonSerializable(typeof(QueueItem))]
[JsonSerializable(typeof(QueuePage))]
[JsonSerializable(typeof(QueueStats))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
