using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Dapr.Sessions;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateCall))]
[JsonSerializable(typeof(ForkSessionCall))]
[JsonSerializable(typeof(ChangeCall))]
[JsonSerializable(typeof(EnqueueCall))]
[JsonSerializable(typeof(ExecSessionCall))]
[JsonSerializable(typeof(TenantCall))]
[JsonSerializable(typeof(SessionLogsCall))]
[JsonSerializable(typeof(SessionAnswer))]
[JsonSerializable(typeof(TicketAnswer))]
[JsonSerializable(typeof(ExecAnswer))]
[JsonSerializable(typeof(FlagAnswer))]
[JsonSerializable(typeof(SessionLogsAnswer))]
internal sealed partial class SessionCallsJsonContext : JsonSerializerContext;
