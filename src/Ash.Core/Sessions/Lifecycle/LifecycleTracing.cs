using System.Diagnostics;
using Ash.Core.Tracing;

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// One span per lifecycle step run (issue 14), named <c>lifecycle &lt;workflow&gt;/&lt;step&gt;</c> from the closed
/// set of <see cref="SessionWorkflows"/>: a child of the request or reminder that ran the operation.
/// </summary>
public static class LifecycleTracing
{
    public const string SourceName = "Ash.Lifecycle";

    public const string Workflow = "ash.lifecycle.workflow";
    public const string Step = "ash.lifecycle.step";

    /// <summary>The step's attempt (1 for the first run; a retry after a transient failure counts on).</summary>
    public const string Attempt = "ash.lifecycle.attempt";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The step's span, or null (and nothing allocated) when no tracer listens.</summary>
    internal static Activity? StartStep(ISessionSteps target, string workflow, string step, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity($"lifecycle {workflow}/{step}");
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Workflow, workflow);
            activity.SetTag(Step, step);
            activity.SetTag(Attempt, attempt);
            TraceAttributes.SetSession(activity, target.SessionId, target.TenantId, target.AgentName);
        }

        return activity;
    }
}
