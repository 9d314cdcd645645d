using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.State;

namespace Ash.Testing.DaprSidecar.Health;

/// <summary>What one sidecar says about itself, the same over HTTP (<c>GET /v1.0/metadata</c>) and gRPC (<c>GetMetadata</c>).</summary>
internal static class SidecarMetadata
{
    public static MetadataResponse Describe(Sidecar sidecar, Placement placement, ActorRuntime actors, StateStores stores, Broker broker)
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
        return new MetadataResponse(sidecar.AppId, "ash-stand-in", [], actorCounts, components, subscriptions, app, runtime);
    }
}
