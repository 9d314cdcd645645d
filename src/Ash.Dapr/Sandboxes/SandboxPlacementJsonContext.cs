using System.Text.Json.Serialization;

namespace Ash.Dapr.Sandboxes;

[JsonSerializable(typeof(string))]
internal sealed partial class SandboxPlacementJsonContext : JsonSerializerContext;
