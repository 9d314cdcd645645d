using Ash.Core.Errors;
using Ash.Core.Reminders;
using Ash.Core.Tracing;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Lifecycle;

/// <summary>
/// Runs a workflow's steps in order. For multi-step workflows the progress (next step, attempt) is
/// stored before each step, so an operation cut short by a crash continues from that step after a
/// restart. A step that fails transiently (I/O, database unreachable) is retried with exponential
/// backoff through a durable reminder; any other failure, or the last attempt, puts the session in
/// <c>error</c>. Steps run under the session actor's lock; the runner itself holds no state.
/// </summary>
public sealed class LifecycleRunner(ILifecycleStore store, IReminders reminders, TimeProvider time, ILogger logger, LifecycleMetrics? metrics = null)
    : ILifecycleOrchestrator
{
    public const int MaxAttempts = 6;

    /// <summary>
    /// A transient failure is first retried in place this many times, shortly, so a passing race (a
    /// file the running agent replaced while its tree was copied) does not leave the caller with an
    /// operation still in progress.
    /// </summary>
    public const int InlineRetries = 2;

    private static readonly TimeSpan InlineRetryDelay = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);

    public static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(LongestBackoff.Ticks, FirstBackoff.Ticks << Math.Min(attempt - 1, 10)));

    /// <summary>Starts <paramref name="workflow"/> from its first step.</summary>
    public Task<LifecycleOutcome> RunAsync(ISessionSteps target, LifecycleWorkflow workflow, LifecycleInput input, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var progress = new LifecycleProgress(target.SessionId, workflow.Name, 0, 0, input.ToJson(), now, now, null);
        return RunFromAsync(target, workflow, progress, isNew: true, cancellationToken);
    }

    public async Task<LifecycleOutcome?> ContinueUnfinishedAsync(ISessionSteps target, CancellationToken cancellationToken) =>
        await store.GetAsync(target.SessionId, cancellationToken) is { } progress ? await ContinueAsync(target, progress, cancellationToken) : null;

    public async Task<bool> HasUnfinishedAsync(Guid sessionId, CancellationToken cancellationToken) =>
        await store.GetAsync(sessionId, cancellationToken) is not null;

    /// <summary>Continues a stored operation from its recorded step.</summary>
    public Task<LifecycleOutcome> ContinueAsync(ISessionSteps target, LifecycleProgress progress, CancellationToken cancellationToken)
    {
        if (SessionWorkflows.Find(progress.Operation) is not { } workflow)
        {
            return FailAsync(target, progress.Operation, $"unknown lifecycle operation '{progress.Operation}'", cancellationToken);
        }

        return RunFromAsync(target, workflow, progress, isNew: false, cancellationToken);
    }

    private async Task<LifecycleOutcome> RunFromAsync(ISessionSteps target, LifecycleWorkflow workflow, LifecycleProgress progress, bool isNew, CancellationToken cancellationToken)
    {
        var input = LifecycleInput.FromJson(progress.Data);
        if (workflow.PersistsProgress && isNew)
        {
            await store.SaveAsync(progress, cancellationToken);
        }

        for (var index = progress.Step; index < workflow.Steps.Count; index++)
        {
            var step = workflow.Steps[index];
            if (workflow.PersistsProgress && index > progress.Step)
            {
                progress = progress with { Step = index, Attempt = 0, UpdatedAt = time.GetUtcNow(), LastError = null };
                await store.SaveAsync(progress, cancellationToken);
            }

            var started = time.GetTimestamp();
            using var span = LifecycleTracing.StartStep(target, workflow.Name, step.Name, progress.Attempt + 1);
            try
            {
                await RunWithInlineRetriesAsync(workflow, step, target, input, cancellationToken);
                metrics?.StepRan(workflow.Name, step.Name, "ok", time.GetElapsedTime(started));
            }
            // A step of a former owner (another activation has taken the session) is not retried, nor is the session put in
            // error: its write stored nothing, and the new owner continues the operation.
            catch (Exception exception) when (exception is not OwnershipLostException && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
            {
                var attempt = progress.Attempt + 1;
                LifecycleLog.StepFailed(logger, target.SessionId, workflow.Name, step.Name, attempt, exception);
                span?.SetTag("exception.type", exception.GetType().FullName);
                if (workflow.PersistsProgress && IsTransient(exception) && attempt < MaxAttempts)
                {
                    TraceAttributes.SetFailed(span, "lifecycle_retrying");
                    metrics?.StepRan(workflow.Name, step.Name, "retrying", time.GetElapsedTime(started));
                    metrics?.Retried(workflow.Name, step.Name, scheduled: true);
                    var retryAt = time.GetUtcNow() + Backoff(attempt);
                    await store.SaveAsync(progress with { Attempt = attempt, UpdatedAt = time.GetUtcNow(), LastError = exception.Message }, cancellationToken);
                    await reminders.SetAsync(SessionReminders.For(target.SessionId, SessionReminders.Lifecycle, retryAt), cancellationToken);
                    return new LifecycleOutcome(LifecycleOutcomeKind.Retrying, step.Name, exception.Message);
                }

                TraceAttributes.SetFailed(span, "lifecycle_failed");
                metrics?.StepRan(workflow.Name, step.Name, "failed", time.GetElapsedTime(started));
                return await FailAsync(target, step.Name, exception.Message, cancellationToken);
            }
        }

        // Every status commit ends whatever operation was in progress (a stop still retrying included), as
        // the database stores do in the commit's own transaction.
        await store.ClearAsync(target.SessionId, cancellationToken);
        return LifecycleOutcome.Completed;
    }

    private async Task RunWithInlineRetriesAsync(LifecycleWorkflow workflow, LifecycleStep step, ISessionSteps target, LifecycleInput input, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                await step.RunAsync(target, input, cancellationToken);
                return;
            }
            catch (Exception exception) when (retry < InlineRetries && IsTransient(exception))
            {
                metrics?.Retried(workflow.Name, step.Name, scheduled: false);
                await Task.Delay(InlineRetryDelay, time, cancellationToken);
            }
        }
    }

    private async Task<LifecycleOutcome> FailAsync(ISessionSteps target, string step, string error, CancellationToken cancellationToken)
    {
        await target.CommitFailureAsync(step, error, cancellationToken);
        await store.ClearAsync(target.SessionId, cancellationToken);
        return new LifecycleOutcome(LifecycleOutcomeKind.Failed, step, error);
    }

    private static bool IsTransient(Exception exception) =>
        exception is IOException or StoreUnavailableException or StoreBusyException or StoreFullException or TimeoutException;
}
