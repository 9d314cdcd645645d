using Ash.Testing.DaprSidecar.Health;
using Dapr.Client.Autogen.Grpc.v1;

namespace Ash.Testing.DaprSidecar.Grpc;

/// <summary>The sidecar's metadata as <c>GetMetadataResponse</c>; actor counts under the actor runtime, where the SDK reads them (the top-level list is deprecated).</summary>
internal static class GrpcMetadata
{
    public static GetMetadataResponse From(MetadataResponse metadata)
    {
        var response = new GetMetadataResponse
        {
            Id = metadata.Id,
            RuntimeVersion = metadata.RuntimeVersion,
            AppConnectionProperties = new AppConnectionProperties
            {
                Port = metadata.AppConnectionProperties.Port,
                Protocol = metadata.AppConnectionProperties.Protocol,
                ChannelAddress = metadata.AppConnectionProperties.ChannelAddress,
            },
            ActorRuntime = new ActorRuntime
            {
                RuntimeStatus = ActorRuntime.Types.ActorRuntimeStatus.Running,
                HostReady = metadata.ActorRuntime.HostReady,
                Placement = metadata.ActorRuntime.Placement,
            },
        };
        response.EnabledFeatures.Add(metadata.EnabledFeatures);
        foreach (var actor in metadata.Actors)
        {
            response.ActorRuntime.ActiveActors.Add(new ActiveActorsCount { Type = actor.Type, Count = actor.Count });
        }

        foreach (var component in metadata.Components)
        {
            var registered = new RegisteredComponents { Name = component.Name, Type = component.Type, Version = component.Version };
            registered.Capabilities.Add(component.Capabilities);
            response.RegisteredComponents.Add(registered);
        }

        foreach (var subscription in metadata.Subscriptions)
        {
            var item = new PubsubSubscription
            {
                PubsubName = subscription.PubSubName,
                Topic = subscription.Topic,
                DeadLetterTopic = subscription.DeadLetterTopic ?? "",
                Type = PubsubSubscriptionType.Programmatic,
                Rules = new PubsubSubscriptionRules(),
            };
            foreach (var (key, value) in subscription.Metadata)
            {
                item.Metadata[key] = value;
            }

            item.Rules.Rules.Add(subscription.Rules.Select(rule => new PubsubSubscriptionRule { Match = rule.Match, Path = rule.Path }));
            response.Subscriptions.Add(item);
        }

        return response;
    }
}
