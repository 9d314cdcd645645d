using System.Text.Json;
using System.Text.Json.Serialization;
using Ash.Dapr.App;

namespace Ash.Dapr.Tests.App;

/// <summary>
/// An actor type whose methods read typed bodies as the real ones do (<see cref="ActorCallBody"/>):
/// <c>typed</c> answers what it read, <c>refuse</c> refuses, <c>crash</c> and <c>dispose</c> fail the way the framework does.
/// </summary>
internal sealed class TypedActorType : IDaprActorType
{
    public string Name => "typed";

    public Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken) => method switch
    {
        "typed" => Task.FromResult(ActorCallBody.Answer(ActorCallBody.Read(body, TypedJsonContext.Default.TypedCall), TypedJsonContext.Default.TypedCall)),
        "refuse" => throw DaprCallRefusedException.BadRequest("refused on purpose", "custom_code"),
        "crash" => throw new NullReferenceException("Object reference not set to an instance of an object in Ash.Secret.Type"),
        "dispose" => throw new ObjectDisposedException("System.Net.Sockets.Socket"),
        "busy" => throw new Ash.Core.Errors.StoreBusyException("The database stayed busy"),
        "full" => throw new Ash.Core.Errors.StoreFullException("The disk under the database is full"),
        _ => throw new DaprActorMethodNotFoundException(Name, method),
    };

    public Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed record TypedCall(string Name, int Count, IReadOnlyList<string> Tags, string? Note = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(TypedCall))]
internal sealed partial class TypedJsonContext : JsonSerializerContext;
