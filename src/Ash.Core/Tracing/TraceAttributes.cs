using System.Diagnostics;

namespace Ash.Core.Tracing;

/// <summary>
/// The attributes Ash's spans share (issue 14): which session, agent and tenant the work was for. A span may name
/// a session, unlike a metric tag; it never holds a key, a credential, a message body or an env value.
/// </summary>
public static class TraceAttributes
{
    public const string SessionId = "ash.session.id";
    public const string AgentName = "ash.agent.name";
    public const string TenantId = "ash.tenant.id";

    /// <summary>A stable error code (<c>turn_timeout</c>, <c>budget_exceeded</c>, …) of a span that failed; never the message.</summary>
    public const string ErrorCode = "ash.error.code";

    /// <summary>Tags the span with the session it worked for; a span nobody records is left alone.</summary>
    public static void SetSession(Activity? activity, Guid sessionId, string tenantId, string agentName)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        activity.SetTag(SessionId, sessionId.ToString("D"));
        activity.SetTag(AgentName, agentName);
        activity.SetTag(TenantId, tenantId);
    }

    /// <summary>Marks the span failed with a stable code (the description is the code too: a message may quote the agent).</summary>
    public static void SetFailed(Activity? activity, string code)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, code);
        activity.SetTag(ErrorCode, code);
    }
}
