using System.Diagnostics;

namespace Ash.Testing.Server;

/// <summary>Reading exported spans: their attributes, their parents within one trace.</summary>
public static class Spans
{
    public const string AspNetCore = "Microsoft.AspNetCore";
    public const string HttpClient = "System.Net.Http";

    public static string? Tag(this Activity span, string key) => span.GetTagItem(key)?.ToString();

    /// <summary>The span's parent among <paramref name="trace"/>'s spans, or null.</summary>
    public static Activity? ParentIn(this Activity span, IReadOnlyList<Activity> trace) =>
        span.ParentSpanId == default ? null : trace.FirstOrDefault(other => other.SpanId == span.ParentSpanId);

    /// <summary>The spans from <paramref name="span"/>'s parent up to the root of <paramref name="trace"/>, nearest first.</summary>
    public static List<Activity> AncestorsIn(this Activity span, IReadOnlyList<Activity> trace)
    {
        var ancestors = new List<Activity>();
        for (var parent = span.ParentIn(trace); parent is not null && ancestors.Count < 100; parent = parent.ParentIn(trace))
        {
            ancestors.Add(parent);
        }

        return ancestors;
    }

    /// <summary>The ASP.NET Core span of a request to <paramref name="route"/> (its template; a group's root route ends in a slash there).</summary>
    public static bool IsRequest(this Activity span, string method, string route) =>
        span.Source.Name == AspNetCore && span.Tag("http.request.method") == method && span.Tag("http.route")?.TrimEnd('/') == route;
}
