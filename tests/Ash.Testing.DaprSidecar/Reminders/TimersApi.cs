using System.Text.Json;
using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary><c>/v1.0/actors/{type}/{id}/timers/{name}</c>: in memory, dropped when the actor deactivates (reference §1.3).</summary>
internal static class TimersApi
{
    public static void MapTimersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1.0/actors/{actorType}/{actorId}/timers/{name}");
        group.MapMethods("", ["POST", "PUT"], CreateAsync);
        group.MapDelete("", Delete);
    }

    private static async Task<Results<NoContent, DaprError>> CreateAsync(
        string actorType, string actorId, string name, HttpRequest request, Sidecar sidecar, Placement placement, ActorSchedules schedules, CancellationToken cancellationToken)
    {
        if (!placement.Hosts(sidecar, actorType))
        {
            return new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_TIMER_CREATE", $"error creating actor timer: actor type {actorType} is not hosted by app {sidecar.AppId}");
        }

        var (isValid, document) = await JsonBody.ReadOptionalAsync(request, cancellationToken);
        using var parsed = document;
        if (!isValid)
        {
            return DaprError.Malformed("failed deserializing HTTP body: not JSON");
        }

        JsonElement? body = document?.RootElement;
        var timer = ScheduledCallback.Parse(CallbackKind.Timer, new ActorKey(actorType, actorId), name, body, schedules.Time.GetUtcNow(), out var problem);
        if (timer is null)
        {
            return new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_TIMER_CREATE", $"error creating actor timer: {problem}");
        }

        schedules.Register(timer);
        return TypedResults.NoContent();
    }

    private static NoContent Delete(string actorType, string actorId, string name, ActorSchedules schedules)
    {
        schedules.Delete(CallbackKind.Timer, new ActorKey(actorType, actorId), name);
        return TypedResults.NoContent();
    }
}
