using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Ash.Core.Metrics;

namespace Ash.Server.Metrics;

/// <summary>
/// HTTP request duration (issue 14), by route template (<c>/api/sessions/{id}/messages</c>, never the raw path;
/// <c>unmatched</c> when no route matched), method and status code. An SSE request lasts as long as its stream.
/// </summary>
public sealed class HttpMetrics
{
    public const string RequestDuration = "http_request_duration_seconds";

    public const string RouteTag = "route";
    public const string MethodTag = "method";
    public const string StatusTag = "status";

    public const string Unmatched = "unmatched";

    private static readonly string[] StatusCodes = Enumerable.Range(0, 600).Select(code => code.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Histogram<double> _duration;

    public HttpMetrics(IMeterFactory meterFactory) =>
        _duration = meterFactory.Create(AshMeter.Name).CreateHistogram(
            RequestDuration, "s", "HTTP requests, by route template, method and status code", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.FastBuckets });

    public void RequestFinished(string? route, string method, int status, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds, new TagList
        {
            { RouteTag, route ?? Unmatched },
            { MethodTag, MethodLabel(method) },
            { StatusTag, status is >= 0 and < 600 ? StatusCodes[status] : "other" },
        });

    /// <summary>The standard methods by name; anything else a client invents is <c>other</c>.</summary>
    private static string MethodLabel(string method) => method switch
    {
        "GET" => "GET",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
}
