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

    private static JsonHttpResult<MetadataResponse> Get(Sidecar sidecar, Placement placement, ActorRuntime actors, StateStores stores, Broker broker)
    {
        var counts = actors.CountsByType(sidecar);
        var actorCounts = placement.TypesHostedBy(sidecar).Select(type => new ActorCount(type, counts.GetValueOrDefault(type))).ToArray();
        var components = stores.All
            .Select(store => new ComponentInfo(store.Name, "state.in-memory", "v1",
                store.Definition.IsActorStateStore ? ["ETAG", "TRANSACTIONAL", "ACTOR"] : ["ETAG", "TRANSACTIONAL"]))
            .Concat(broker.Components.Select(name => new ComponentInfo(name, "pubsub.in-memory", "v1", [])))
            .ToArray();
        var subscriptions = sidecar.Subscriptions
            .Select(s => new SubscriptionInfo(
                s.PubSubName,
                s.Topic,
                [.. s.Rules.Select(rule => new SubscriptionRuleInfo(rule.Match, rule.Path)), .. s.DefaultRoute is { } route ? [new SubscriptionRuleInfo("", route)] : Array.Empty<SubscriptionRuleInfo>()],
                s.DeadLetterTopic,
                s.Metadata,
                "PROGRAMMATIC"))
            .ToArray();
        var app = sidecar.App is { } channel
            ? new AppConnectionInfo(channel.BaseUrl.Port, "http", channel.BaseUrl.Host)
            : new AppConnectionInfo(0, "http", "");
        var runtime = new ActorRuntimeInfo("RUNNING", sidecar.IsAppChannelReady && stores.ActorStore is not null, "placement: connected", actorCounts);
        var response = new MetadataResponse(sidecar.AppId, "ash-stand-in", [], actorCounts, components, subscriptions, app, runtime);
        return TypedResults.Json(response, SidecarJson.Default.MetadataResponse);
    }
}
