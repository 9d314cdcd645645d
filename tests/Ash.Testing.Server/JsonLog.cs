using System.Text.Json;
using Ash.Testing.Common;

namespace Ash.Testing.Server;

/// <summary>Reading what a <see cref="ServerProcess"/> started with <c>--log-format json</c> wrote: one JSON object per line.</summary>
public static class JsonLog
{
    /// <summary>The request line's event id (<c>Ash.Server.Logging.RequestLog</c>).</summary>
    public const int RequestEventId = 4100;

    /// <summary>
    /// The server's output once it holds <paramref name="text"/>: the console logger writes from its own queue, so a
    /// line may come a moment after the work it tells of (or after the answer to the request it tells of).
    /// </summary>
    public static async Task<string> WaitForAsync(ServerProcess server, string text)
    {
        var log = "";
        await Eventually.TrueAsync(() => (log = server.Output()).Contains(text, StringComparison.Ordinal), $"the log to hold {text}");
        return log;
    }

    public static List<JsonElement> Lines(string log) =>
        [.. log.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];

    public static int EventId(JsonElement line) => line.GetProperty("EventId").GetInt32();

    /// <summary>A value of the line's message template (<c>State</c>), as text, or null.</summary>
    public static string? State(JsonElement line, string name) =>
        line.TryGetProperty("State", out var state) && state.TryGetProperty(name, out var value) ? value.ToString() : null;

    /// <summary>The trace id the line's scopes carry, or null.</summary>
    public static string? TraceIdOf(JsonElement line) =>
        line.GetProperty("Scopes").EnumerateArray().Select(scope => scope.TryGetProperty("TraceId", out var id) ? id.GetString() : null).FirstOrDefault(id => id is not null);
}
