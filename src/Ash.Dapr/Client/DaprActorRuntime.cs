namespace Ash.Dapr.Client;

/// <summary>What a sidecar says about itself (<c>GET /v1.0/metadata</c>, §9.1), the parts we use.</summary>
public sealed record DaprMetadata(
    string AppId,
    string RuntimeVersion,
    IReadOnlyList<string> ActorTypes,
    IReadOnlyList<string> Components,
    string? ActorRuntimeStatus,
    bool ActorHostReady,
    string? Placement);
