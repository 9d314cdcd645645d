using System.Net;
using System.Text.Json;

namespace Ash.Dapr.Client;

// Health and metadata (dapr-http-api.md §9): wait on healthz/outbound at start-up (never on healthz,
// which waits for this app), read metadata to see whether the actor runtime is connected.
public sealed partial class DaprClient
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls <c>/v1.0/healthz/outbound</c> until it answers 204; throws a <see cref="DaprException"/> after <paramref name="timeout"/>.</summary>
    public async Task WaitForOutboundAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        string last = "no answer yet";
        while (true)
        {
            try
            {
                using var request = Request(HttpMethod.Get, "v1.0/healthz/outbound");
                using var response = await _http.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }

                last = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            if (time.GetElapsedTime(started) >= timeout)
            {
                throw new DaprException(HttpStatusCode.ServiceUnavailable, "ERR_HEALTH_NOT_READY",
                    $"The Dapr sidecar at {_options.SidecarUrl} was not ready after {timeout.TotalSeconds:0} s ({last}); is daprd running with DAPR_HTTP_PORT={_options.SidecarUrl.Port}?");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    public async Task<DaprMetadata> GetMetadataAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Request(HttpMethod.Get, "v1.0/metadata"), "metadata", cancellationToken, HttpStatusCode.OK);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        var actorTypes = Strings(root, "actors", "type");
        var components = Strings(root, "components", "name");
        string? status = null;
        string? placement = null;
        var hostReady = false;
        if (root.TryGetProperty("actorRuntime", out var runtime) && runtime.ValueKind == JsonValueKind.Object)
        {
            status = runtime.TryGetProperty("runtimeStatus", out var s) ? s.GetString() : null;
            placement = runtime.TryGetProperty("placement", out var p) ? p.GetString() : null;
            hostReady = runtime.TryGetProperty("hostReady", out var h) && h.ValueKind == JsonValueKind.True;
            if (actorTypes.Count == 0)
            {
                actorTypes = Strings(runtime, "activeActors", "type");
            }
        }

        return new DaprMetadata(
            root.TryGetProperty("id", out var id) ? id.GetString() ?? "" : "",
            root.TryGetProperty("runtimeVersion", out var version) ? version.GetString() ?? "" : "",
            actorTypes, components, status, hostReady, placement);
    }

    private static List<string> Strings(JsonElement parent, string arrayName, string field)
    {
        var values = new List<string>();
        if (parent.TryGetProperty(arrayName, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value) && value.GetString() is { } text)
                {
                    values.Add(text);
                }
            }
        }

        return values;
    }
}
