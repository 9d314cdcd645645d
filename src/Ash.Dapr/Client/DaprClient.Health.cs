using System.Net;
using System.Text.Json;

namespace Ash.Dapr.Client;

// Health and metadata go through the SDK's DaprClient (SidecarHealth); this is only what its metadata lacks.
public sealed partial class DaprClient
{
    public async Task<DaprActorRuntime> GetActorRuntimeAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(Request(HttpMethod.Get, "v1.0/metadata"), "metadata", cancellationToken, HttpStatusCode.OK);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("actorRuntime", out var runtime) || runtime.ValueKind != JsonValueKind.Object)
        {
            return new DaprActorRuntime(null, null);
        }

        return new DaprActorRuntime(
            runtime.TryGetProperty("runtimeStatus", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null,
            runtime.TryGetProperty("placement", out var placement) && placement.ValueKind == JsonValueKind.String ? placement.GetString() : null);
    }
}
