using Ash.Testing.DaprSidecar.Hosting;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>Either the app's 200 reply (relayed as is) or the sidecar's error for the caller.</summary>
internal sealed record ActorCallResult(AppReply? Reply, DaprError? Error)
{
    /// <summary>A plain 200: what reminders and timers count as delivered.</summary>
    public bool Succeeded => Reply is { StatusCode: 200, IsActorError: false };

    public static ActorCallResult Relayed(AppReply reply) => new(reply, null);

    public static ActorCallResult Failed(DaprError error) => new(null, error);
}
