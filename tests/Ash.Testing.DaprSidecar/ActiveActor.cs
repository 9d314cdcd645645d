namespace Ash.Testing.DaprSidecar;

/// <summary>An actor the mesh considers activated, and the sidecar whose app holds it.</summary>
public sealed record ActiveActor(string ActorType, string ActorId, string SidecarName);
