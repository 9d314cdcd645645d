using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ash.Core.Metrics;

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// Lifecycle steps and their retries (issue 14). Tags are the workflow and step names of
/// <see cref="SessionWorkflows"/>, a closed set written in code.
/// </summary>
public sealed class LifecycleMetrics
{
    public const string Steps = "lifecycle_steps_total";
    public const string StepDuration = "lifecycle_step_duration_seconds";
    public const string Retries = "lifecycle_retries_total";

    public const string WorkflowTag = "workflow";
    public const string StepTag = "step";

    /// <summary>Tag <c>outcome</c> of a step: <c>ok</c>, <c>retrying</c> (a reminder runs it again) or <c>failed</c> (the session went to error).</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>Tag <c>kind</c> of a retry: <c>inline</c> (at once, shortly) or <c>scheduled</c> (by a durable reminder, with backoff).</summary>
    public const string KindTag = "kind";

    private readonly Counter<long> _steps;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _retries;

    public LifecycleMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(AshMeter.Name);
        _steps = meter.CreateCounter<long>(Steps, "{step}", "Lifecycle steps run, by workflow, step and outcome");
        _duration = meter.CreateHistogram(StepDuration, "s", "A lifecycle step's run, inline retries included, by workflow and step", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = AshMeter.DurationBuckets });
        _retries = meter.CreateCounter<long>(Retries, "{retry}", "Lifecycle step retries after a transient failure, by workflow, step and kind");
    }

    public void StepRan(string workflow, string step, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { WorkflowTag, workflow }, { StepTag, step } };
        _duration.Record(duration.TotalSeconds, tags);
        tags.Add(OutcomeTag, outcome);
        _steps.Add(1, tags);
    }

    public void Retried(string workflow, string step, bool scheduled) =>
        _retries.Add(1, new TagList { { WorkflowTag, workflow }, { StepTag, step }, { KindTag, scheduled ? "scheduled" : "inline" } });
}
