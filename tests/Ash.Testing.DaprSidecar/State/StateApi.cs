using System.Text.Json;
using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.State;

/// <summary><c>/v1.0/state/{store}</c>: save, get, delete, bulk get, transaction (reference §2.1–2.2).</summary>
internal static class StateApi
{
    public static void MapStateApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1.0/state/{storeName}");
        group.MapMethods("", ["POST", "PUT"], SaveAsync);
        group.MapMethods("/bulk", ["POST", "PUT"], BulkGetAsync);
        group.MapMethods("/transaction", ["POST", "PUT"], TransactAsync);
        group.MapGet("/{key}", Get);
        group.MapDelete("/{key}", Delete);
    }

    private static async Task<Results<NoContent, DaprError>> SaveAsync(string storeName, HttpRequest request, Sidecar sidecar, StateStores stores, CancellationToken cancellationToken)
    {
        if (Find(stores, storeName) is not { } store)
        {
            return NotFound(stores, storeName);
        }

        using var document = await JsonBody.ReadAsync(request, cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Array } items)
        {
            return DaprError.Malformed("failed deserializing HTTP body: expected a JSON array of state items");
        }

        var operations = new List<StateOperation>();
        foreach (var item in items.EnumerateArray())
        {
            if (StateRequestParser.ReadItem(item, isDelete: false, sidecar.AppId, store, applyKeyPrefix: true, out var problem) is not { } operation)
            {
                return DaprError.Malformed(problem!);
            }

            operations.Add(operation);
        }

        // daprd saves items one by one (BulkSet); all-or-nothing here is stricter and enough for our callers.
        if (store.Apply(operations) is { } conflict)
        {
            return new DaprError(StatusCodes.Status409Conflict, "ERR_STATE_SAVE",
                $"failed saving state in state store {storeName}: possible etag mismatch. error from state store: ETag mismatch for key {conflict}");
        }

        return TypedResults.NoContent();
    }

    private static Results<FileContentHttpResult, NoContent, DaprError> Get(string storeName, string key, HttpResponse response, Sidecar sidecar, StateStores stores)
    {
        if (Find(stores, storeName) is not { } store)
        {
            return NotFound(stores, storeName);
        }

        if (store.Get(StateStores.StoredKey(store, sidecar.AppId, key)) is not { } value)
        {
            return TypedResults.NoContent();
        }

        response.Headers.ETag = value.ETag;
        return TypedResults.Bytes(value.Json, "application/json");
    }

    private static Results<NoContent, DaprError> Delete(string storeName, string key, HttpRequest request, Sidecar sidecar, StateStores stores)
    {
        if (Find(stores, storeName) is not { } store)
        {
            return NotFound(stores, storeName);
        }

        var ifMatch = request.Headers.IfMatch.ToString();
        var operation = new StateOperation(StateStores.StoredKey(store, sidecar.AppId, key), Json: null, ifMatch.Length > 0 ? ifMatch : null, FirstWrite: false);
        if (store.Apply([operation]) is not null)
        {
            return new DaprError(StatusCodes.Status409Conflict, "ERR_STATE_DELETE",
                $"failed deleting state with key {key}: possible etag mismatch. error from state store: ETag mismatch");
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<JsonHttpResult<BulkStateItem[]>, DaprError>> BulkGetAsync(string storeName, HttpRequest request, Sidecar sidecar, StateStores stores, CancellationToken cancellationToken)
    {
        if (Find(stores, storeName) is not { } store)
        {
            return NotFound(stores, storeName);
        }

        using var document = await JsonBody.ReadAsync(request, cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return DaprError.Malformed("failed deserializing HTTP body: expected {\"keys\":[…]}");
        }

        var items = new List<BulkStateItem>();
        foreach (var keyElement in keys.EnumerateArray())
        {
            var key = keyElement.GetString() ?? "";
            items.Add(store.Get(StateStores.StoredKey(store, sidecar.AppId, key)) is { } value
                ? new BulkStateItem(key, JsonDocument.Parse(value.Json).RootElement.Clone(), value.ETag)
                : new BulkStateItem(key, null, null));
        }

        return TypedResults.Json(items.ToArray(), SidecarJson.Default.BulkStateItemArray);
    }

    private static async Task<Results<NoContent, DaprError>> TransactAsync(string storeName, HttpRequest request, Sidecar sidecar, StateStores stores, CancellationToken cancellationToken)
    {
        if (Find(stores, storeName) is not { } store)
        {
            return NotFound(stores, storeName);
        }

        using var document = await JsonBody.ReadAsync(request, cancellationToken);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("operations", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return DaprError.Malformed("failed deserializing HTTP body: expected {\"operations\":[…]}");
        }

        var operations = new List<StateOperation>();
        foreach (var item in items.EnumerateArray())
        {
            var kind = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("operation", out var op) ? op.GetString() : null;
            if (kind is not ("upsert" or "delete") || !item.TryGetProperty("request", out var itemRequest))
            {
                return new DaprError(StatusCodes.Status400BadRequest, "ERR_NOT_SUPPORTED_STATE_OPERATION", $"operation type {kind} not supported");
            }

            if (StateRequestParser.ReadItem(itemRequest, kind == "delete", sidecar.AppId, store, applyKeyPrefix: true, out var problem) is not { } operation)
            {
                return DaprError.Malformed(problem!);
            }

            operations.Add(operation);
        }

        // Inside a transaction an ETag mismatch is a store failure: 500, never 409 (reference §2.1).
        if (store.Apply(operations) is { } conflict)
        {
            return new DaprError(StatusCodes.Status500InternalServerError, "ERR_STATE_TRANSACTION",
                $"error while executing state transaction: possible etag mismatch for key {conflict}");
        }

        return TypedResults.NoContent();
    }

    private static StateStore? Find(StateStores stores, string name) => stores.Find(name);

    private static DaprError NotFound(StateStores stores, string name) => stores.IsEmpty
        ? new DaprError(StatusCodes.Status500InternalServerError, "ERR_STATE_STORE_NOT_CONFIGURED", "state store is not configured")
        : new DaprError(StatusCodes.Status400BadRequest, "ERR_STATE_STORE_NOT_FOUND", $"state store {name} is not found");
}
