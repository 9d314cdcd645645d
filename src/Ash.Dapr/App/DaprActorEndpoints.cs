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
/// <c>…/method/timer/{name}</c> and <c>DELETE /actors/{type}/{id}</c>. Success is exactly 200 everywhere
/// (daprd reads 201/204 as failure); an unknown type or method is 404, which daprd does not retry.
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

        app.MapGet("/dapr/config", (HttpContext context) =>
            token.Allows(context.Request) ? Results.Bytes(config, "application/json") : Unauthorized());

        app.MapMethods("/actors/{type}/{id}/method/remind/{name}", ["PUT", "POST"], async (string type, string id, string name, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!token.Allows(context.Request))
            {
                return Unauthorized();
            }

            if (!byName.TryGetValue(type, out var actorType))
            {
                return UnknownType(type);
            }

            var firing = ParseFiring(await ReadBodyAsync(context.Request, cancellationToken));
            try
            {
                if (await actorType.RemindAsync(id, name, firing, cancellationToken))
                {
                    context.Response.Headers[ReminderCancelHeader] = "true";
                }

                return Results.Ok();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Not done: a non-2xx makes daprd fire the reminder again (§1.3 "Rules").
                ReminderFailed(logger, type, id, name, exception);
                return Failed(exception);
            }
        });

        // Timers are not used; one that fires anyway is acknowledged and cancelled.
        app.MapMethods("/actors/{type}/{id}/method/timer/{name}", ["PUT", "POST"], (HttpContext context) =>
        {
            if (!token.Allows(context.Request))
            {
                return Unauthorized();
            }

            context.Response.Headers[ReminderCancelHeader] = "true";
            return Results.Ok();
        });

        app.MapMethods("/actors/{type}/{id}/method/{method}", ["PUT", "POST", "GET", "DELETE"], async (string type, string id, string method, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!token.Allows(context.Request))
            {
                return Unauthorized();
            }

            if (!byName.TryGetValue(type, out var actorType))
            {
                return UnknownType(type);
            }

            var body = await ReadBodyAsync(context.Request, cancellationToken);
            try
            {
                var response = await actorType.InvokeAsync(id, method, body, cancellationToken);
                return Results.Bytes(response.Json.ToArray(), "application/json");
            }
            catch (DaprActorMethodNotFoundException exception)
            {
                return Results.Json(new DaprAppError(exception.Message), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status404NotFound);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                MethodFailed(logger, type, id, method, exception);
                return Failed(exception);
            }
        });

        app.MapDelete("/actors/{type}/{id}", async (string type, string id, HttpContext context, CancellationToken cancellationToken) =>
        {
            if (!token.Allows(context.Request))
            {
                return Unauthorized();
            }

            if (byName.TryGetValue(type, out var actorType))
            {
                try
                {
                    await actorType.DeactivateAsync(id, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // daprd has already dropped the actor from its table; the answer changes nothing.
                    DeactivationFailed(logger, type, id, exception);
                }
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

    private static ReminderFiring ParseFiring(byte[] body)
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
                return new ReminderFiring(null, null, null);
            }

            return new ReminderFiring(
                root.TryGetProperty("dueTime", out var due) && due.ValueKind == JsonValueKind.String ? due.GetString() : null,
                root.TryGetProperty("period", out var period) && period.ValueKind == JsonValueKind.String ? period.GetString() : null,
                root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? System.Text.Encoding.UTF8.GetBytes(data.GetRawText()) : null);
        }
        catch (JsonException)
        {
            return new ReminderFiring(null, null, null);
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new BadHttpRequestException("actor call body too large", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static IResult Unauthorized() =>
        Results.Json(new DaprAppError("missing or wrong dapr-api-token"), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status401Unauthorized);

    private static IResult UnknownType(string type) =>
        Results.Json(new DaprAppError($"this app does not host actor type '{type}'"), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status404NotFound);

    /// <summary>The message only: a stack trace never leaves the process.</summary>
    private static IResult Failed(Exception exception) =>
        Results.Json(new DaprAppError(exception.Message), DaprAppJsonContext.Default.DaprAppError, statusCode: StatusCodes.Status500InternalServerError);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Actor {ActorType}/{ActorId} failed in method {Method}")]
    private static partial void MethodFailed(ILogger logger, string actorType, string actorId, string method, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Actor {ActorType}/{ActorId} failed to handle reminder {Reminder}; daprd will fire it again")]
    private static partial void ReminderFailed(ILogger logger, string actorType, string actorId, string reminder, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Actor {ActorType}/{ActorId} failed to deactivate")]
    private static partial void DeactivationFailed(ILogger logger, string actorType, string actorId, Exception exception);
}
