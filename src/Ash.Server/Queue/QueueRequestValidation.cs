using System.Text.Json;
using Ash.Core.Errors;
using Ash.Core.Queue;

namespace Ash.Server.Queue;

/// <summary>
/// Checks a <c>POST /api/queue</c> body field by field, so each mistake gets its own message: Ash's fields,
/// its defaults (priority 0, maxRetries 3), and no field it does not know (a typo must not be ignored).
/// </summary>
internal static class QueueRequestValidation
{
    public const int DefaultMaxRetries = 3;
    public const int MaxRetriesLimit = 100;

    private static readonly string[] Fields = ["agentName", "prompt", "sessionId", "priority", "maxRetries"];

    public static Result<QueueRequest> Validate(JsonElement? body)
    {
        if (body is not { ValueKind: JsonValueKind.Object } json)
        {
            return AshError.Validation("Request body must be a JSON object with 'agentName' and 'prompt'");
        }

        foreach (var property in json.EnumerateObject())
        {
            if (Array.IndexOf(Fields, property.Name) < 0)
            {
                return AshError.Validation($"Unknown field '{property.Name}' (a queue item takes agentName, prompt, sessionId, priority and maxRetries)");
            }
        }

        if (!json.TryGetProperty("agentName", out var agent) || agent.ValueKind != JsonValueKind.String || agent.GetString()!.Length == 0)
        {
            return AshError.Validation("'agentName' is required: the name of a deployed agent");
        }

        if (!json.TryGetProperty("prompt", out var prompt) || prompt.ValueKind != JsonValueKind.String || prompt.GetString()!.Length == 0)
        {
            return AshError.Validation("'prompt' is required and must not be empty");
        }

        if (prompt.GetString()!.Length > QueueService.MaxPromptLength)
        {
            return AshError.Validation("'prompt' is at most 500,000 characters");
        }

        Guid? sessionId = null;
        if (json.TryGetProperty("sessionId", out var session) && session.ValueKind != JsonValueKind.Null)
        {
            if (session.ValueKind != JsonValueKind.String || !Guid.TryParseExact(session.GetString(), "D", out var parsed))
            {
                return AshError.Validation("'sessionId' must be a session id (a UUID)");
            }

            sessionId = parsed;
        }

        if (!TryReadCount(json, "priority", 0, int.MaxValue, out var priority))
        {
            return AshError.Validation("'priority' must be an integer of at least 0 (higher runs first)");
        }

        if (!TryReadCount(json, "maxRetries", DefaultMaxRetries, MaxRetriesLimit, out var maxRetries))
        {
            return AshError.Validation($"'maxRetries' must be an integer from 0 to {MaxRetriesLimit}");
        }

        return new QueueRequest(agent.GetString()!, prompt.GetString()!, sessionId, priority, maxRetries);
    }

    private static bool TryReadCount(JsonElement json, string name, int fallback, int max, out int value)
    {
        value = fallback;
        if (!json.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value) && value >= 0 && value <= max;
    }
}
