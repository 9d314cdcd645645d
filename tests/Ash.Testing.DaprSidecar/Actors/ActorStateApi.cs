using System.Text.Json;
using Ash.Testing.DaprSidecar.Hosting;
using Ash.Testing.DaprSidecar.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>
/// Actor state (reference §1.3, §1.6), kept in the actor state store under
/// <c>{appId}||{type}||{id}||{key}</c> with this sidecar's app id.
/// </summary>
internal static class ActorStateApi
{
    public static void MapActorStateApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1.0/actors/{actorType}/{actorId}/state");
        group.MapGet("/{key}", Get);
        group.MapMethods("", ["POST", "PUT"], TransactAsync);
    }

    /// <summary>Reads need no placement check (daprd does none either); the key uses this sidecar's app id.</summary>
    private static Results<FileContentHttpResult, NoContent, DaprError> Get(string actorType, string actorId, string key, Sidecar sidecar, StateStores stores)
    {
        if (stores.ActorStore is not { } store)
        {
            return RuntimeNotFound();
        }

        return store.Get(StateStores.ActorKey(sidecar.AppId, new ActorKey(actorType, actorId), key)) is { } value
            ? TypedResults.Bytes(value.Json, "application/json")
            : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, DaprError>> TransactAsync(
        string actorType, string actorId, HttpRequest request, Sidecar sidecar, Placement placement, StateStores stores, CancellationToken cancellationToken)
    {
        if (stores.ActorStore is not { } store)
        {
            return RuntimeNotFound();
        }

        // Writes need the actor to live on this very sidecar (placement), not merely its type.
        var actor = new ActorKey(actorType, actorId);
        if (placement.Lookup(actor) != sidecar)
        {
            return new DaprError(StatusCodes.Status400BadRequest, "ERR_ACTOR_INSTANCE_MISSING", $"actor instance {actor} is missing");
        }

        using var document = await JsonBody.ReadAsync(request, cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Array } items)
        {
            return DaprError.Malformed("failed deserializing HTTP body: expected a JSON array of operations");
        }

        var operations = new List<StateOperation>();
        foreach (var item in items.EnumerateArray())
        {
            var kind = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("operation", out var op) ? op.GetString() : null;
            if (kind is not ("upsert" or "delete") || !item.TryGetProperty("request", out var itemRequest))
            {
                return new DaprError(StatusCodes.Status400BadRequest, "ERR_ACTOR_STATE_TRANSACTION_SAVE", $"operation type {kind} not supported");
            }

            if (StateRequestParser.ReadItem(itemRequest, kind == "delete", sidecar.AppId, store, applyKeyPrefix: false, out var problem) is not { } operation)
            {
                return DaprError.Malformed(problem!);
            }

            operations.Add(operation with { Key = StateStores.ActorKey(sidecar.AppId, actor, operation.Key) });
        }

        if (store.Apply(operations) is { } conflict)
        {
            return new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_STATE_TRANSACTION_SAVE",
                $"error saving actor transaction state: possible etag mismatch for key {conflict}");
        }

        return TypedResults.NoContent();
    }

    private static DaprError RuntimeNotFound() =>
        new(StatusCodes.Status500InternalServerError, "ERR_ACTOR_RUNTIME_NOT_FOUND", "actor runtime is not configured: no state store has actorStateStore set");
}
