using System.Text.Json.Serialization;

namespace Ash.Dapr.Reminders;

[JsonSerializable(typeof(string))]
internal sealed partial class DaprRemindersJsonContext : JsonSerializerContext;
