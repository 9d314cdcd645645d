using System.Net;
using Grpc.Core;
using SdkDaprClient = global::Dapr.Client.DaprClient;

namespace Ash.Dapr.Client;

/// <summary>
/// Waiting for the sidecar at start-up, through the SDK's DaprClient: <c>CheckOutboundHealthAsync</c> is
/// <c>GET /v1.0/healthz/outbound</c> (never <c>/v1.0/healthz</c>, which waits for this app; §9.2), and
/// <c>GetMetadataAsync</c> is daprd's gRPC <c>GetMetadata</c>, whose active actors name the types it took from us.
/// </summary>
public static class SidecarHealth
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Polls until the sidecar's outbound side is up; a <see cref="DaprException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitForOutboundAsync(SdkDaprClient dapr, Uri sidecar, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (!await dapr.CheckOutboundHealthAsync(cancellationToken))
        {
            if (time.GetElapsedTime(started) >= timeout)
            {
                throw new DaprException(HttpStatusCode.ServiceUnavailable, "ERR_HEALTH_NOT_READY",
                    $"The Dapr sidecar at {sidecar} was not ready after {timeout.TotalSeconds:0} s; is daprd running with DAPR_HTTP_PORT={sidecar.Port}?");
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    /// <summary>Whether the sidecar has taken <paramref name="actorType"/> from this app's <c>/dapr/config</c>.</summary>
    /// <exception cref="DaprException">The gRPC API at <paramref name="grpcEndpoint"/> did not answer or refused.</exception>
    public static async Task<bool> HostsActorTypeAsync(SdkDaprClient dapr, Uri grpcEndpoint, string actorType, CancellationToken cancellationToken)
    {
        try
        {
            var metadata = await dapr.GetMetadataAsync(cancellationToken);
            return metadata.Actors.Any(actor => string.Equals(actor.Type, actorType, StringComparison.Ordinal));
        }
        catch (global::Dapr.DaprException exception) when (exception.InnerException is RpcException refusal)
        {
            throw new DaprException(HttpStatusCode.ServiceUnavailable, refusal.StatusCode.ToString(),
                $"Could not read the Dapr sidecar's metadata over its gRPC API at {grpcEndpoint} (DAPR_GRPC_PORT, DAPR_GRPC_ENDPOINT): {refusal.Status.Detail}", appMessage: null);
        }
    }
}
