using System.Globalization;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// How calls for one session's sandbox are spread over actor ids of its node's type, so daprd's per-id turn
/// lock never makes one wait behind another: control calls on the session id, the output long poll on
/// <c>&lt;id&gt;.out</c>, each exec on its own id (an exec may run for minutes).
/// </summary>
internal static class SandboxActorIds
{
    public const string TypePrefix = "sandbox-";

    /// <summary>The actor type of a node's sandbox host; see <see cref="NodeNames.ActorTypePart"/> for names with dots.</summary>
    public static string TypeOf(string node) => TypePrefix + NodeNames.ActorTypePart(node);

    public static string Control(Guid sessionId) => sessionId.ToString("D");

    public static string Output(Guid sessionId) => sessionId.ToString("D") + ".out";

    public static string Exec(Guid sessionId) => sessionId.ToString("D") + ".exec." + Guid.NewGuid().ToString("N");

    /// <summary>The session an actor id of any of the three kinds belongs to.</summary>
    public static bool TryParseSession(string actorId, out Guid sessionId)
    {
        var end = actorId.IndexOf('.', StringComparison.Ordinal);
        return Guid.TryParseExact(end < 0 ? actorId : actorId[..end], "D", out sessionId);
    }

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
