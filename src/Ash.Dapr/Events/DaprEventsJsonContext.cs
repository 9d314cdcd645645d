using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Dapr.Events;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(EventBatchMessage))]
internal sealed partial class DaprEventsJsonContext : JsonSerializerContext;
