using Ash.Testing.DaprSidecar.Hosting;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>An app's answer to an actor call, buffered (daprd buffers actor responses too).</summary>
internal sealed record AppReply(int StatusCode, byte[] Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string[]>> Headers)
{
    /// <summary>Set by the app on a 200 to report an actor-level error (reference §1.2; how the .NET SDK reports exceptions).</summary>
    public const string ErrorHeader = "X-DaprErrorResponseHeader";

    public const string ReminderCancelHeader = "X-DaprReminderCancel";

    public bool IsActorError => Headers.Any(h => string.Equals(h.Key, ErrorHeader, StringComparison.OrdinalIgnoreCase));

    public bool CancelsReminder => Headers.Any(h =>
        string.Equals(h.Key, ReminderCancelHeader, StringComparison.OrdinalIgnoreCase) &&
        h.Value.Any(v => string.Equals(v.Trim(), "true", StringComparison.OrdinalIgnoreCase)));

    public static async Task<AppReply> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = response.Headers
            .Concat(response.Content.Headers.Where(h => !string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
            .Where(h => !HopByHopHeaders.Contains(h.Key))
            .Select(h => KeyValuePair.Create(h.Key, h.Value.ToArray()))
            .ToList();
        return new AppReply((int)response.StatusCode, body, response.Content.Headers.ContentType?.ToString(), headers);
    }
}
