using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ash.Dapr.App;

/// <summary>
/// The JSON of an actor method's call and answer, read and written through source-generated type info.
/// Reading is strict: a missing constructor parameter or a null where the type says non-null is refused,
/// like malformed JSON or a wrong type, as <see cref="DaprCallRefusedException.BadBody"/> (400), with the
/// JSON path but never the serializer's message (it names .NET types).
/// </summary>
public static class ActorCallBody
{
    private static readonly ConcurrentDictionary<JsonTypeInfo, JsonTypeInfo> Strict = new();

    public static T Read<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> type)
    {
        var strict = (JsonTypeInfo<T>)Strict.GetOrAdd(type, static type => new JsonSerializerOptions(type.Options)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        }.GetTypeInfo(type.Type));
        try
        {
            return JsonSerializer.Deserialize(body.Span, strict) ?? throw DaprCallRefusedException.BadBody(null);
        }
        catch (JsonException exception)
        {
            throw DaprCallRefusedException.BadBody(exception.Path);
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // A converter or a record's constructor refused a value.
            throw DaprCallRefusedException.BadBody(null);
        }
    }

    public static DaprActorResponse Answer<T>(T value, JsonTypeInfo<T> type) => new(JsonSerializer.SerializeToUtf8Bytes(value, type));
}
