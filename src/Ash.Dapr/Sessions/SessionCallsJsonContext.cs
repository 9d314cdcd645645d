using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Core.Sandboxes;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Actors;

namespace Ash.Dapr.Sessions;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(CreateCall))]
[JsonSerializable(typeof(ForkSessionCall))]
[JsonSerializable(typeof(ChangeCall))]
[JsonSerializable(typeof(ConfigureCall))]
[JsonSerializable(typeof(EnqueueCall))]
[JsonSerializable(typeof(ExecSessionCall))]
[JsonSerializable(typeof(TenantCall))]
[JsonSerializable(typeof(SessionLogsCall))]
[JsonSerializable(typeof(CallAnswer<Session>))]
[JsonSerializable(typeof(CallAnswer<TurnTicket>))]
[JsonSerializable(typeof(CallAnswer<ExecResult>))]
[JsonSerializable(typeof(CallAnswer<bool>))]
[JsonSerializable(typeof(SessionLogsAnswer))]
internal sealed partial class SessionCallsJsonContext : JsonSerializerContext;
