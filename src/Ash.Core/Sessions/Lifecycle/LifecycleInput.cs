using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>The input of one lifecycle operation, persisted with its progress.</summary>
public sealed record LifecycleInput(Guid? ParentSessionId = null, string? Reason = null)
{
    public static LifecycleInput None { get; } = new();

    public string ToJson() => JsonSerializer.Serialize(this, LifecycleJsonContext.Default.LifecycleInput);

    public static LifecycleInput FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? None : JsonSerializer.Deserialize(json, LifecycleJsonContext.Default.LifecycleInput) ?? None;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LifecycleInput))]
internal sealed partial class LifecycleJsonContext : JsonSerializerContext;
