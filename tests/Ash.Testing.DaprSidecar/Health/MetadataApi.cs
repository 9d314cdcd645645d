using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Hosting;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Health;

/// <summary><c>GET /v1.0/metadata</c>.</summary>
internal static class MetadataApi
{
    public static void MapMetadataApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/metadata", Get);
    }

    private static JsonHttpResult<MetadataResponse> Get(Sidecar sidecar, Placement placement, ActorRuntime actors, StateStores stores, Broker broker) =>
        TypedResults.Json(SidecarMetadata.Describe(sidecar, placement, actors, stores, broker), SidecarJson.Default.MetadataResponse);
}
