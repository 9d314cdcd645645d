using System.Diagnostics;
using Ash.Core.Tracing;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// One span per request an agent makes through its model proxy (issue 14). The agent knows nothing of traces, so
/// the span's parent is whatever last wrote a line to the agent: the turn whose message it is answering (on Dapr,
/// the sandbox host's side of the call that carried that line here). The upstream call is this span's child (the
/// HttpClient instrumentation), so one trace holds a message from its POST to the model and back.
/// </summary>
public static class ModelProxyTracing
{
    public const string SourceName = "Ash.ModelProxy";

    public const string Request = "model request";

    /// <summary>The model the upstream answered with (<c>gen_ai.response.model</c>), and the tokens it reported.</summary>
    public const string ResponseModel = "gen_ai.response.model";

    public const string InputTokens = "gen_ai.usage.input_tokens";
    public const string OutputTokens = "gen_ai.usage.output_tokens";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>The request's span (current from here on), or null when no tracer listens.</summary>
    internal static Activity? StartRequest(ActivityContext parent, ProxyOwner? owner, string method, string path)
    {
        var activity = Source.StartActivity(Request, ActivityKind.Server, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("http.request.method", method);
            activity.SetTag("url.path", path);
            if (owner is not null)
            {
                TraceAttributes.SetSession(activity, owner.SessionId, owner.TenantId, owner.AgentName);
            }
        }

        return activity;
    }

    /// <summary>The proxy answered the agent itself (<see cref="ProxyRefusal"/>).</summary>
    internal static void Refused(Activity? request, int status)
    {
        if (request is null || request.Source != Source)
        {
            return;
        }

        request.SetTag("http.response.status_code", status);
        TraceAttributes.SetFailed(request, "proxy_refused");
    }

    /// <summary>The upstream's answer was relayed to the agent, with the usage it reported, if any.</summary>
    internal static void Answered(Activity? request, int status, MeteredUsage? usage)
    {
        if (request is null || request.Source != Source || !request.IsAllDataRequested)
        {
            return;
        }

        request.SetTag("http.response.status_code", status);
        if (status >= 500)
        {
            TraceAttributes.SetFailed(request, "upstream_error");
        }

        if (usage is { } used)
        {
            request.SetTag(ResponseModel, used.Model);
            request.SetTag(InputTokens, used.InputTokens);
            request.SetTag(OutputTokens, used.OutputTokens);
        }
    }
}
