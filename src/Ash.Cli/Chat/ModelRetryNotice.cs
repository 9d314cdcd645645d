using System.Text.Json;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli.Chat;

// The agent retries a failing model call up to ten times over about three minutes, and says so each time
// in a stream-json system message (subtype api_retry, passed through as a `message` event). Shown as
// "model answered 529, retry 3/10 in 8 s", so that a person sees why a turn is quiet.
internal static class ModelRetryNotice
{
    public static string? From(AshEvent item)
    {
        var data = item.Data;
        if (item.Type != AshEventTypes.Message
            || EventData.String(data, "type") != "system"
            || EventData.String(data, "subtype") != "api_retry"
            || Number(data, "attempt") is not { } attempt)
        {
            return null;
        }

        var answer = Number(data, "error_status") is { } status
            ? $"model answered {status}"
            : "model did not answer";
        var of = Number(data, "max_retries") is { } max ? $"/{max}" : "";
        var wait = Number(data, "retry_delay_ms") is { } delay ? $" in {RelativeTime.Wait(TimeSpan.FromMilliseconds(delay))}" : "";
        return $"{answer}, retry {attempt}{of}{wait}";
    }

    private static long? Number(JsonElement data, string name) =>
        EventData.Property(data, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;
}
