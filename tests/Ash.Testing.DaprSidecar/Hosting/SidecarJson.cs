using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Testing.DaprSidecar.Health;
using Ash.Testing.DaprSidecar.Reminders;
using Ash.Testing.DaprSidecar.State;

namespace Ash.Testing.DaprSidecar.Hosting;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(BulkStateItem[]))]
[JsonSerializable(typeof(ReminderResponse))]
[JsonSerializable(typeof(MetadataResponse))]
internal sealed partial class SidecarJson : JsonSerializerContext;
