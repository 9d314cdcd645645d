namespace Ash.Testing.DaprSidecar;

/// <summary>A state store component, shared by every sidecar of the mesh (one physical store).</summary>
public sealed record StateStoreDefinition(string Name)
{
    public StateKeyPrefix KeyPrefix { get; init; } = StateKeyPrefix.AppId;

    /// <summary><c>actorStateStore: "true"</c>; at most one store of the mesh may carry it.</summary>
    public bool IsActorStateStore { get; init; }
}
