using System.Diagnostics;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions;

/// <summary>
/// The spans of the sessions area (issue 14): a session's creation, each turn (a child of the request that sent
/// its message, even when it waited in the queue), and each start of its sandbox. <see cref="Source"/> gives null
/// when no tracer listens, which is the case unless the server was started with an OTEL_* exporter.
/// </summary>
public static class SessionTracing
{
    public const string SourceName = "Ash.Sessions";

    public const string Create = "session create";
    public const string Turn = "session turn";
    public const string SandboxStart = "sandbox start";

    /// <summary>The turn's number in its session (1, 2, …), on <see cref="Turn"/> spans.</summary>
    public const string TurnNumber = "ash.turn.number";

    internal static readonly ActivitySource Source = new(SourceName);

    /// <summary>A span of this area for <paramref name="session"/>, or null when no tracer listens.</summary>
    internal static Activity? Start(string name, Session session, ActivityContext parent = default)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal, parent);
        TraceAttributes.SetSession(activity, session.Id, session.TenantId, session.AgentName);
        return activity;
    }

    /// <summary>The span of one turn, a child of <paramref name="parent"/> (the request that sent its message; none: a root).</summary>
    internal static Activity? StartTurn(Session session, long turn, ActivityContext parent)
    {
        var activity = Start(Turn, session, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TurnNumber, turn);
        }

        return activity;
    }
}
