using System.Buffers;
using System.Text.Json;
using Ash.Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.App;

/// <summary>
/// The endpoints daprd calls to host our actors (dapr-http-api.md §1.2, §1.7): <c>GET /dapr/config</c>
/// once, then <c>PUT /actors/{type}/{id}/method/{method}</c>, <c>…/method/remind/{name}</c>,
/// <c>…/method/timer/{name}</c> and <c>DELETE /actors/{type}/{id}</c>. Every one checks the app token first
/// (<see cref="AppTokenFilter"/>, 401). Success is exactly 200 everywhere (daprd reads 201/204 as failure);
/// an unknown type or method is 404, which daprd does not retry; a body that is not JSON of the expected
/// shape is 400; all errors in the shape of <see cref="DaprAppError"/>.
/// </summary>
public static partial class DaprActorEndpoints
{
    private const int MaxBodyBytes = 16 * 1024 * 1024;
    private const string ReminderCancelHeader = "X-DaprReminderCancel";

    public static IEndpointRouteBuilder MapDaprActors(
        this IEndpointRouteBuilder app, IReadOnlyList<IDaprActorType> types, DaprActorOptions options, AppTokenCheck token, ILogger logger)
    {
        var byName = types.ToDictionary(type => type.Name, StringComparer.Ordinal);
        var config = ConfigJson(types, options);
        var routes = app.MapGroup(string.Empty).AddEndpointFilter(new AppTokenFilter(token));

        routes.MapGet("/dapr/config", () => Results.Bytes(config, "application/json"));

        routes.MapMethods("/actors/{type}/{id}/method/remind/{name}", ["PUT", "POST"], async (string type, string id, string name, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!byName.TryGetValue(type, out var actorType))
            {
                return DaprAppResults.UnknownType(type);
            }

            try
            {
                var firing = ParseFiring(await ReadBodyAsync(context.Request, cancellationToken));
                if (await actorType.RemindAsync(id, name, firing, cancellationToken))
                {
                    context.Response.Headers[ReminderCancelHeader] = "true";
                }

                return Results.Ok();
            }
            catch (BodyTooLargeException)
            {
                return DaprAppResults.TooLarge();
            }
            catch (DaprCallRefusedException refusal)
            {
                // A firing we can never handle (our reminders repeat until handled): asking daprd to drop the
                // reminder as well costs nothing if it reads the header only on a 200.
                context.Response.Headers[ReminderCancelHeader] = "true";
                return DaprAppResults.Refused(refusal);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not done: a non-2xx makes daprd fire the reminder again (§1.3 "Rules").
                ReminderFailed(logger, type, id, name, exception);
                return DaprAppResults.Failed(exception);
            }
        });

        // Timers are not used; one that fires anyway is acknowledged and cancelled.
        routes.MapMethods("/actors/{type}/{id}/method/timer/{name}", ["PUT", "POST"], (string type, HttpContext context) =>
        {
            if (!byName.ContainsKey(type))
            {
                return DaprAppResults.UnknownType(type);
            }

            context.Response.Headers[ReminderCancelHeader] = "true";
            return Results.Ok();
        });

        routes.MapMethods("/actors/{type}/{id}/method/{method}", ["PUT", "POST", "GET", "DELETE"], async (string type, string id, string method, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!byName.TryGetValue(type, out var actorType))
            {
                return DaprAppResults.UnknownType(type);
            }

            try
            {
                var body = await ReadBodyAsync(context.Request, cancellationToken);
                var response = await actorType.InvokeAsync(id, method, body, cancellationToken);
                return Results.Bytes(response.Json.ToArray(), "application/json");
            }
            catch (BodyTooLargeException)
            {
                return DaprAppResults.TooLarge();
            }
            catch (DaprCallRefusedException refusal)
            {
                return DaprAppResults.Refused(refusal);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                MethodFailed(logger, type, id, method, exception);
                return DaprAppResults.Failed(exception);
            }
        });

        routes.MapDelete("/actors/{type}/{id}", async (string type, string id, CancellationToken cancellationToken) =>
        {
            if (!byName.TryGetValue(type, out var actorType))
            {
                return DaprAppResults.UnknownType(type);
            }

            try
            {
                await actorType.DeactivateAsync(id, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // daprd has already dropped the actor from its table; the answer changes nothing.
                DeactivationFailed(logger, type, id, exception);
            }

            return Results.Ok();
        });

        return app;
    }

    private static byte[] ConfigJson(IReadOnlyList<IDaprActorType> types, DaprActorOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("entities");
            foreach (var type in types)
            {
                json.WriteStringValue(type.Name);
            }

            json.WriteEndArray();
            json.WriteString("actorIdleTimeout", GoDuration.Format(options.ActorIdleTimeout));
            json.WriteString("drainOngoingCallTimeout", GoDuration.Format(options.DrainOngoingCallTimeout));
            json.WriteBoolean("drainRebalancedActors", true);
            json.WriteStartObject("reentrancy");
            json.WriteBoolean("enabled", false);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// daprd sends <c>{"dueTime":"…","period":"…","data":&lt;json&gt;}</c> (§1.2): no body, or an object whose
    /// schedule fields, when present, are strings. Anything else is refused (400); daprd never sends it.
    /// </summary>
    internal static ReminderFiring ParseFiring(byte[] body)
    {
        if (body.Length == 0)
        {
            return new ReminderFiring(null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw DaprCallRefusedException.BadBody(null);
            }

            return new ReminderFiring(
                OptionalText(root, "dueTime"),
                OptionalText(root, "period"),
                root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? System.Text.Encoding.UTF8.GetBytes(data.GetRawText()) : null);
        }
        catch (JsonException)
        {
            throw DaprCallRefusedException.BadBody(null);
        }
    }

    private static string? OptionalText(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw DaprCallRefusedException.BadBody("$." + name);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    throw new BodyTooLargeException();
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private sealed class BodyTooLargeException : Exception;

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Actor {ActorType}/{ActorId} failed in method {Method}")]
    private static partial void MethodFailed(ILogger logger, string actorType, string actorId, string method, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Actor {ActorType}/{ActorId} failed to handle reminder {Reminder}; daprd will fire it again")]
    private static partial void ReminderFailed(ILogger logger, string actorType, string actorId, string reminder, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Actor {ActorType}/{ActorId} failed to deactivate")]
    private static partial void DeactivationFailed(ILogger logger, string actorType, string actorId, Exception exception);
}
