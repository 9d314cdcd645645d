using System.Text.Json.Serialization;

namespace Ash.Testing.DaprSidecar.Health;

/// <summary>The body of <c>GET /v1.0/metadata</c>: the fields the stand-in can honestly fill (reference §9.1).</summary>
internal sealed record MetadataResponse(
    string Id,
    string RuntimeVersion,
    string[] EnabledFeatures,
    ActorCount[] Actors,
    ComponentInfo[] Components,
    SubscriptionInfo[] Subscriptions,
    AppConnectionInfo AppConnectionProperties,
    ActorRuntimeInfo ActorRuntime);

internal sealed record ActorCount(string Type, int Count);

internal sealed record ComponentInfo(string Name, string Type, string Version, string[] Capabilities);

internal sealed record SubscriptionInfo(
    [property: JsonPropertyName("pubsubname")] string PubSubName,
    string Topic,
    SubscriptionRuleInfo[] Rules,
    string? DeadLetterTopic,
    IReadOnlyDictionary<string, string> Metadata,
    string Type);

internal sealed record SubscriptionRuleInfo(string Match, string Path);

internal sealed record AppConnectionInfo(int Port, string Protocol, string ChannelAddress);

internal sealed record ActorRuntimeInfo(string RuntimeStatus, bool HostReady, string Placement, ActorCount[] ActiveActors);
