using System.Text.Json;
using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Reminders;

/// <summary><c>/v1.0/actors/{type}/{id}/reminders/{name}</c>: only through a sidecar whose app hosts the type (reference §1.3).</summary>
internal static class RemindersApi
{
    public static void MapRemindersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1.0/actors/{actorType}/{actorId}/reminders/{name}");
        group.MapMethods("", ["POST", "PUT"], CreateAsync);
        group.MapGet("", Get);
        group.MapDelete("", Delete);
    }

    private static async Task<Results<NoContent, DaprError>> CreateAsync(
        string actorType, string actorId, string name, HttpRequest request, Sidecar sidecar, Placement placement, ActorSchedules schedules, CancellationToken cancellationToken)
    {
        if (!placement.Hosts(sidecar, actorType))
        {
            return NonHosted();
        }

        var (isValid, document) = await JsonBody.ReadOptionalAsync(request, cancellationToken);
        using var parsed = document;
        if (!isValid)
        {
            return DaprError.Malformed("failed deserializing HTTP body: not JSON");
        }

        JsonElement? body = document?.RootElement;

        var reminder = ScheduledCallback.Parse(CallbackKind.Reminder, new ActorKey(actorType, actorId), name, body, schedules.Time.GetUtcNow(), out var problem);
        if (reminder is null)
        {
            return DaprError.Malformed($"error creating actor reminder: {problem}");
        }

        schedules.Register(reminder);
        return TypedResults.NoContent();
    }

    /// <summary>A missing reminder is a 500 <c>ERR_ACTOR_REMINDER_GET</c>, as daprd answers when the Scheduler has no such job.</summary>
    private static Results<JsonHttpResult<ReminderResponse>, DaprError> Get(string actorType, string actorId, string name, Sidecar sidecar, Placement placement, ActorSchedules schedules)
    {
        if (!placement.Hosts(sidecar, actorType))
        {
            return NonHosted();
        }

        return schedules.Find(CallbackKind.Reminder, new ActorKey(actorType, actorId), name) is { } reminder
            ? TypedResults.Json(ReminderResponse.From(reminder), SidecarJson.Default.ReminderResponse)
            : new DaprError(StatusCodes.Status500InternalServerError, "ERR_ACTOR_REMINDER_GET", $"error getting actor reminder: reminder {name} not found");
    }

    private static Results<NoContent, DaprError> Delete(string actorType, string actorId, string name, Sidecar sidecar, Placement placement, ActorSchedules schedules)
    {
        if (!placement.Hosts(sidecar, actorType))
        {
            return NonHosted();
        }

        schedules.Delete(CallbackKind.Reminder, new ActorKey(actorType, actorId), name);
        return TypedResults.NoContent();
    }

    private static DaprError NonHosted() =>
        new(StatusCodes.Status403Forbidden, "ERR_ACTOR_REMINDER_NON_HOSTED", "operations on actor reminders are only possible on hosted actor types");
}
