using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>The actor type has no such method: answered 404, which daprd does not retry.</summary>
public sealed class DaprActorMethodNotFoundException(string actorType, string method)
    : DaprCallRefusedException(StatusCodes.Status404NotFound, "actor_method_not_found", $"Actor type '{actorType}' has no method '{method}'");
