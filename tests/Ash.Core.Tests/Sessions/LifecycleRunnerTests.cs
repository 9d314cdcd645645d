using System.Diagnostics.Metrics;
using Ash.Core.Reminders;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Core.Tests.Sessions;

public sealed class LifecycleRunnerTests
{
    private readonly MemoryLifecycleStore _store = new();
    private readonly MemoryReminders _reminders = new();
    private readonly RecordingSteps _steps;

    public LifecycleRunnerTests() => _steps = new RecordingSteps(_store);

    private LifecycleRunner Runner => new(_store, _reminders, TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task Run_AllStepsSucceed_RunsThemInOrderAndLeavesNoProgress()
    {
        var outcome = await Runner.RunAsync(_steps, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(["copy-files", "copy-history", "start-process", "commit:Active"], _steps.Calls);
        Assert.Empty(_store.Rows);
        Assert.Empty(_reminders.Set);
    }

    [Fact]
    public async Task Run_AnyWorkflowThatCompletes_ClearsTheSessionsProgress_EvenOneOfASingleStep()
    {
        // A stop waiting for its retry; then a pause completes. The retry must then find nothing, as it does
        // when the pause's status commit deletes the database row; a store apart from the row learns it here.
        var now = DateTimeOffset.UtcNow;
        _store.Rows[_steps.SessionId] = new LifecycleProgress(_steps.SessionId, "stop", 0, 1, null, now, now, "disk busy");

        var outcome = await Runner.RunAsync(_steps, SessionWorkflows.Pause, LifecycleInput.None, CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Completed, outcome.Kind);
        Assert.Equal([_steps.SessionId], _store.Cleared);
    }

    [Fact]
    public async Task Run_StepFailsOnceWithIOException_IsRetriedInPlaceAndCompletes()
    {
        _steps.Fail("copy-files", new IOException("file vanished while copied"), times: 1);

        var outcome = await Runner.RunAsync(_steps, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(["copy-files", "copy-files", "copy-history", "start-process", "commit:Active"], _steps.Calls);
        Assert.Empty(_reminders.Set);
    }

    [Fact]
    public async Task Run_StepKeepsFailingWithIOException_SavesProgressAtThatStepAndSetsARetryReminder()
    {
        _steps.Fail("copy-history", new IOException("disk busy"), times: LifecycleRunner.InlineRetries + 1);

        var outcome = await Runner.RunAsync(_steps, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Retrying, outcome.Kind);
        var progress = Assert.Single(_store.Rows.Values);
        Assert.Equal("fork", progress.Operation);
        Assert.Equal(1, progress.Step);
        Assert.Equal(1, progress.Attempt);
        Assert.Equal("disk busy", progress.LastError);
        var reminder = Assert.Single(_reminders.Set);
        Assert.Equal(SessionReminders.Lifecycle, reminder.Name);
        Assert.True(reminder.DueAt > DateTimeOffset.UtcNow, "the retry waits for its backoff");

        var continued = await Runner.ContinueAsync(_steps, progress, CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Completed, continued.Kind);
        Assert.Equal(["copy-files", "copy-history", "copy-history", "copy-history", "copy-history", "start-process", "commit:Active"], _steps.Calls);
    }

    [Fact]
    public async Task Run_StepRetried_CountsEachRetryAndStepOutcomeByWorkflowAndStep()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var retries = new MetricCollector<long>(factory, "Ash", LifecycleMetrics.Retries);
        using var steps = new MetricCollector<long>(factory, "Ash", LifecycleMetrics.Steps);
        var runner = new LifecycleRunner(_store, _reminders, TimeProvider.System, NullLogger.Instance, new LifecycleMetrics(factory));
        _steps.Fail("copy-history", new IOException("disk busy"), times: LifecycleRunner.InlineRetries + 1);

        await runner.RunAsync(_steps, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: Guid.NewGuid()), CancellationToken.None);

        var copyHistory = new KeyValuePair<string, object?>[] { new("workflow", "fork"), new("step", "copy-history") };
        Assert.Equal(LifecycleRunner.InlineRetries, retries.GetMeasurementSnapshot().Count(m => m.ContainsTags(copyHistory) && m.ContainsTags("kind") && (string?)m.Tags["kind"] == "inline"));
        Assert.Single(retries.GetMeasurementSnapshot(), m => m.ContainsTags(copyHistory) && (string?)m.Tags["kind"] == "scheduled");
        Assert.Single(steps.GetMeasurementSnapshot(), m => m.ContainsTags(copyHistory) && (string?)m.Tags["outcome"] == "retrying");
        Assert.Single(steps.GetMeasurementSnapshot(), m => (string?)m.Tags["step"] == "copy-files" && (string?)m.Tags["outcome"] == "ok");
    }

    [Fact]
    public async Task Run_StepFailsPermanently_PutsTheSessionInErrorWithoutRetry()
    {
        _steps.Fail("copy-files", new InvalidOperationException("parent files gone"), times: 1);

        var outcome = await Runner.RunAsync(_steps, SessionWorkflows.Fork, new LifecycleInput(ParentSessionId: Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("copy-files", outcome.Step);
        Assert.Equal(["copy-files", "failure:copy-files"], _steps.Calls);
        Assert.Empty(_reminders.Set);
    }

    [Fact]
    public async Task Continue_LastAttempt_FailsInsteadOfRetryingForever()
    {
        var progress = new LifecycleProgress(_steps.SessionId, "stop", 0, LifecycleRunner.MaxAttempts - 1, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "earlier");
        _steps.Fail("stop-process", new IOException("still failing"), times: LifecycleRunner.InlineRetries + 1);

        var outcome = await Runner.ContinueAsync(_steps, progress, CancellationToken.None);

        Assert.Equal(LifecycleOutcomeKind.Failed, outcome.Kind);
        Assert.Empty(_reminders.Set);
    }

    [Fact]
    public async Task Run_SingleStepWorkflow_StoresNoProgress()
    {
        await Runner.RunAsync(_steps, SessionWorkflows.Pause, LifecycleInput.None, CancellationToken.None);

        Assert.Equal(["commit:Paused"], _steps.Calls);
        Assert.Empty(_store.Saves);
    }

    [Fact]
    public void Backoff_GrowsExponentiallyAndIsCapped()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), LifecycleRunner.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(4), LifecycleRunner.Backoff(3));
        Assert.Equal(TimeSpan.FromSeconds(30), LifecycleRunner.Backoff(20));
    }

    /// <summary>Records the steps run; its commits delete the progress row, as the real status commit does.</summary>
    private sealed class RecordingSteps(MemoryLifecycleStore store) : ISessionSteps
    {
        public Guid SessionId { get; } = Guid.NewGuid();

        public string TenantId => "default";

        public string AgentName => "recording-agent";

        public List<string> Calls { get; } = [];

        private readonly Dictionary<string, (Exception Failure, int Times)> _failures = [];

        public void Fail(string call, Exception failure, int times) => _failures[call] = (failure, times);

        public Task PrepareSandboxAsync(CancellationToken cancellationToken) => Record("prepare-sandbox");

        public Task StartProcessAsync(CancellationToken cancellationToken) => Record("start-process");

        public Task StopProcessAsync(CancellationToken cancellationToken) => Record("stop-process");

        public Task EndProcessAsync(CancellationToken cancellationToken) => Record("end-process");

        public Task CopyFilesFromAsync(Guid parentSessionId, CancellationToken cancellationToken) => Record("copy-files");

        public Task CopyHistoryFromAsync(Guid parentSessionId, CancellationToken cancellationToken) => Record("copy-history");

        public Task ScheduleReapAsync(CancellationToken cancellationToken) => Record("schedule-reap");

        public Task DeleteFilesAsync(CancellationToken cancellationToken) => Record("delete-files");

        public Task CommitStatusAsync(SessionStatus status, LifecycleAction action, LifecycleInput input, CancellationToken cancellationToken)
        {
            store.Rows.Remove(SessionId);
            return Record($"commit:{status}");
        }

        public Task CommitFailureAsync(string step, string error, CancellationToken cancellationToken)
        {
            store.Rows.Remove(SessionId);
            return Record($"failure:{step}");
        }

        private Task Record(string call)
        {
            Calls.Add(call);
            if (_failures.TryGetValue(call, out var failing) && failing.Times > 0)
            {
                _failures[call] = (failing.Failure, failing.Times - 1);
                throw failing.Failure;
            }

            return Task.CompletedTask;
        }
    }

    private sealed class MemoryLifecycleStore : ILifecycleStore
    {
        public Dictionary<Guid, LifecycleProgress> Rows { get; } = [];

        public List<LifecycleProgress> Saves { get; } = [];

        public Task SaveAsync(LifecycleProgress progress, CancellationToken cancellationToken)
        {
            Rows[progress.SessionId] = progress;
            Saves.Add(progress);
            return Task.CompletedTask;
        }

        public Task<LifecycleProgress?> GetAsync(Guid sessionId, CancellationToken cancellationToken) =>
            Task.FromResult(Rows.GetValueOrDefault(sessionId));

        public Task<IReadOnlyList<LifecycleProgress>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<LifecycleProgress>>([.. Rows.Values]);

        /// <summary>The sessions whose operation the runner said ended, in order.</summary>
        public List<Guid> Cleared { get; } = [];

        public Task ClearAsync(Guid sessionId, CancellationToken cancellationToken)
        {
            Cleared.Add(sessionId);
            Rows.Remove(sessionId);
            return Task.CompletedTask;
        }
    }

    private sealed class MemoryReminders : IReminders
    {
        public List<Reminder> Set { get; } = [];

        public Task SetAsync(Reminder reminder, CancellationToken cancellationToken)
        {
            Set.Add(reminder);
            return Task.CompletedTask;
        }

        public Task CancelAsync(string actorType, string actorId, string name, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
