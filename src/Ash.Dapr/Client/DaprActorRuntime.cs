namespace Ash.Dapr.Client;

/// <summary>
/// The sidecar's actor runtime as <c>GET /v1.0/metadata</c> reports it (§9.1): its status and its placement
/// connection, printed when the sidecar never takes our actor type. Read by hand because the SDK's
/// <c>DaprClient.GetMetadataAsync</c> hands on only the id, the active actors, the components and the extended
/// attributes, not <c>actorRuntime.runtimeStatus</c> nor <c>actorRuntime.placement</c>.
/// </summary>
public sealed record DaprActorRuntime(string? RuntimeStatus, string? Placement);
