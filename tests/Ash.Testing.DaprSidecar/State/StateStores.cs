namespace Ash.Testing.DaprSidecar.State;

/// <summary>The mesh's state store components, shared by all sidecars.</summary>
internal sealed class StateStores(IEnumerable<StateStoreDefinition> definitions)
{
    private readonly Dictionary<string, StateStore> byName = definitions.ToDictionary(d => d.Name, d => new StateStore(d), StringComparer.Ordinal);

    public bool IsEmpty => byName.Count == 0;

    public IEnumerable<StateStore> All => byName.Values;

    public StateStore? ActorStore => byName.Values.FirstOrDefault(store => store.Definition.IsActorStateStore);

    public StateStore? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The key as stored, per the component's <c>keyPrefix</c> (reference §2.1).</summary>
    public static string StoredKey(StateStore store, string appId, string key) => store.Definition.KeyPrefix switch
    {
        StateKeyPrefix.Name => $"{store.Name}||{key}",
        StateKeyPrefix.None => key,
        _ => $"{appId}||{key}",
    };

    /// <summary><c>{appId}||{actorType}||{actorId}||{key}</c> (reference §1.6).</summary>
    public static string ActorKey(string appId, Actors.ActorKey actor, string key) => $"{appId}||{actor.Type}||{actor.Id}||{key}";
}
