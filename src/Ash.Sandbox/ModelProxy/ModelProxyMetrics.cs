using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ash.Core.Metrics;
using Ash.Core.Usage;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// The model proxy's requests, their latency, and the tokens and cost they reported (issue 14), by model.
/// The <c>model</c> tag is the model's family in the price table (<see cref="ModelPrices.FamilyOf"/>),
/// <c>other</c> for a model not listed, <c>unknown</c> when no answer named one (a refusal, an upstream
/// error): a closed set, whatever an agent asks for or a gateway answers.
/// </summary>
public sealed class ModelProxyMetrics
{
    public const string Requests = "model_requests_total";
    public const string RequestDuration = "model_request_duration_seconds";
    public const string Tokens = "model_tokens_total";
    public const string Cost = "model_cost_usd_total";

    public const string ModelTag = "model";

    /// <summary>Tag <c>status</c>: the class of the answer the agent got (<c>2xx</c>, <c>4xx</c>, <c>5xx</c>, …), the proxy's own refusals included.</summary>
    public const string StatusTag = "status";

    /// <summary>Tag <c>kind</c> of <see cref="Tokens"/>: input, output, cache_creation, cache_read.</summary>
    public const string KindTag = "kind";

    public const string Unknown = "unknown";
    public const string Other = "other";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;

    public ModelProxyMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AshMeter.Name);
        _requests = meter.CreateCounter<long>(Requests, "{request}", "Requests from agents through the model proxy, by model and status class");
        _duration = meter.CreateHistogram(RequestDuration, "s", "A model request through the proxy, until the last byte of its answer, by model and status class", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.DurationBuckets });
        _tokens = meter.CreateCounter<long>(Tokens, "{token}", "Tokens the upstream reported, by model and kind");
        _cost = meter.CreateCounter<double>(Cost, "USD", "Cost of the reported tokens at the price table's rates, by model");
    }

    /// <summary>The tag value for a model name an answer reported (or null when none did).</summary>
    public static string ModelLabel(string? model) => model is null ? Unknown : ModelPrices.FamilyOf(model) ?? Other;

    public static string StatusClass(int status) => status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";

    public void RequestFinished(string? model, int status, TimeSpan duration)
    {
        var tags = new TagList { { ModelTag, ModelLabel(model) }, { StatusTag, StatusClass(status) } };
        _requests.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>The proxy answered the agent itself (a bad token, a forbidden route, a budget, an unreachable upstream): counted, not timed.</summary>
    public void Refused(int status) =>
        _requests.Add(1, new TagList { { ModelTag, Unknown }, { StatusTag, StatusClass(status) } });

    public void UsageReported(string model, long input, long output, long cacheCreation, long cacheRead, decimal costUsd)
    {
        var label = ModelLabel(model);
        AddTokens(label, "input", input);
        AddTokens(label, "output", output);
        AddTokens(label, "cache_creation", cacheCreation);
        AddTokens(label, "cache_read", cacheRead);
        _cost.Add((double)costUsd, new KeyValuePair<string, object?>(ModelTag, label));
    }

    private void AddTokens(string model, string kind, long count)
    {
        if (count > 0)
        {
            _tokens.Add(count, new TagList { { ModelTag, model }, { KindTag, kind } });
        }
    }
}
