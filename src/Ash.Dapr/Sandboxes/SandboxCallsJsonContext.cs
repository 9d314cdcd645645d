using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Core.Sandboxes;

namespace Ash.Dapr.Sandboxes;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SandboxCall))]
[JsonSerializable(typeof(StartAnswer))]
[JsonSerializable(typeof(WriteCall))]
[JsonSerializable(typeof(GenerationCall))]
[JsonSerializable(typeof(ReadCall))]
[JsonSerializable(typeof(ReadAnswer))]
[JsonSerializable(typeof(ExecCall))]
[JsonSerializable(typeof(ExecResult))]
[JsonSerializable(typeof(ForkCall))]
[JsonSerializable(typeof(HasFilesAnswer))]
[JsonSerializable(typeof(LogsCall))]
[JsonSerializable(typeof(LogsAnswer))]
[JsonSerializable(typeof(NodeHeartbeatCall))]
[JsonSerializable(typeof(NodeListAnswer))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SandboxCallsJsonContext : JsonSerializerContext;
