using System.Net;

namespace Ash.Dapr.Client;

// Actors (dapr-http-api.md §1.3): method invocation relays the hosting app's 200 and body; a non-200
// from the app reaches us as 500 ERR_ACTOR_INVOKE_METHOD. Actor state and reminders work only through
// the sidecar of the app that hosts the actor, inside its turn (§1.3 "Rules", §10.2).
public sealed partial class DaprClient
{
    public async Task<byte[]> InvokeActorAsync(string actorType, string actorId, string method, ReadOnlyMemory<byte>? json, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            Request(HttpMethod.Put, ActorPath(actorType, actorId) + $"/method/{Segment(method)}", json ?? ReadOnlyMemory<byte>.Empty),
            $"actor call {actorType}.{method}", cancellationToken, HttpStatusCode.OK);
        return await ReadBodyAsync(response, $"actor call {actorType}.{method}", cancellationToken);
    }

    /// <summary>The raw JSON stored under <paramref name="key"/>, or null when there is none (daprd's 204).</summary>
    public async Task<byte[]?> GetActorStateAsync(string actorType, string actorId, string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            Request(HttpMethod.Get, ActorPath(actorType, actorId) + $"/state/{Segment(key)}"),
            "actor state get", cancellationToken, HttpStatusCode.OK, HttpStatusCode.NoContent);
        return response.StatusCode == HttpStatusCode.NoContent ? null : await ReadBodyAsync(response, $"actor state read {actorType}", cancellationToken);
    }

    public async Task TransactActorStateAsync(string actorType, string actorId, IReadOnlyList<ActorStateOperation> operations, CancellationToken cancellationToken)
    {
        var body = Write(json =>
        {
            json.WriteStartArray();
            foreach (var operation in operations)
            {
                json.WriteStartObject();
                json.WriteString("operation", operation.Json is null ? "delete" : "upsert");
                json.WriteStartObject("request");
                json.WriteString("key", operation.Key);
                if (operation.Json is { } value)
                {
                    json.WritePropertyName("value");
                    json.WriteRawValue(value, skipInputValidation: false);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
        using var _ = await SendAsync(
            Request(HttpMethod.Post, ActorPath(actorType, actorId) + "/state", body),
            "actor state transaction", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    public async Task SetReminderAsync(string actorType, string actorId, string name, ActorReminder reminder, CancellationToken cancellationToken)
    {
        var body = Write(json =>
        {
            json.WriteStartObject();
            json.WriteString("dueTime", GoDuration.Format(reminder.DueTime));
            if (reminder.Period is { } period)
            {
                json.WriteString("period", GoDuration.Format(period));
            }

            if (reminder.Data is { } data)
            {
                json.WritePropertyName("data");
                json.WriteRawValue(data, skipInputValidation: false);
            }

            json.WriteEndObject();
        });
        using var _ = await SendAsync(
            Request(HttpMethod.Post, ActorPath(actorType, actorId) + $"/reminders/{Segment(name)}", body),
            "reminder create", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    public async Task DeleteReminderAsync(string actorType, string actorId, string name, CancellationToken cancellationToken)
    {
        using var _ = await SendAsync(
            Request(HttpMethod.Delete, ActorPath(actorType, actorId) + $"/reminders/{Segment(name)}"),
            "reminder delete", cancellationToken, HttpStatusCode.NoContent, HttpStatusCode.OK);
    }

    private static string ActorPath(string actorType, string actorId) => $"v1.0/actors/{Segment(actorType)}/{Segment(actorId)}";
}
