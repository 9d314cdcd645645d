using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Dapr.App;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DaprAppError))]
[JsonSerializable(typeof(DeliveryAnswer))]
internal sealed partial class DaprAppJsonContext : JsonSerializerContext;
