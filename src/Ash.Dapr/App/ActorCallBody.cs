using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ash.Dapr.App;

/// <summary>The JSON of an actor method's call and answer, read and written through source-generated type info.</summary>
public static class ActorCallBody
{
    public static T Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body.Span, type) ?? throw new ArgumentException($"the call's body is not a {typeof(T).Name}");

    public static DaprActorResponse Answer<T>(T value, JsonTypeInfo<T> type) => new(JsonSerializer.SerializeToUtf8Bytes(value, type));
}
