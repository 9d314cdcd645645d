using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Core.Sessions.Lifecycle;

namespace Ash.Dapr.Sessions;

/// <summary>How <see cref="ActorStateLifecycleStore"/> writes a lifecycle operation's progress.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(LifecycleProgress))]
internal sealed partial class LifecycleProgressJsonContext : JsonSerializerContext;
