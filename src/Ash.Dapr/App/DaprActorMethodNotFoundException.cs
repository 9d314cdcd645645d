namespace Ash.Dapr.App;

/// <summary>The actor type has no such method: answered 404, which daprd does not retry.</summary>
public sealed class DaprActorMethodNotFoundException(string actorType, string method)
    : Exception($"Actor type '{actorType}' has no method '{method}'");
