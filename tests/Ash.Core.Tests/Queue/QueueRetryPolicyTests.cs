using Ash.Core.Queue;

namespace Ash.Core.Tests.Queue;

public sealed class QueueRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 5, 0, 0, TimeSpan.Zero);
    private static readonly QueueOptions Options = new() { RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(5), PollInterval = TimeSpan.FromSeconds(1) };

    [Fact]
    public void Apply_Failure_WithRetriesLeft_GoesBackToPendingAfterTheBackoff()
    {
        var job = Running(retryCount: 1, maxRetries: 3);

        var next = QueueRetryPolicy.Apply(job, Failed("boom"), Now, Options);

        Assert.Equal((QueueStatus.Pending, 2, "boom"), (next.Status, next.RetryCount, next.Error));
        Assert.Equal(Now.AddSeconds(10), next.RetryAfter);
        Assert.Null(next.CompletedAt);
    }

    [Fact]
    public void Apply_Failure_PastMaxRetries_Fails()
    {
        var job = Running(retryCount: 3, maxRetries: 3);

        var next = QueueRetryPolicy.Apply(job, Failed("boom"), Now, Options);

        Assert.Equal((QueueStatus.Failed, 4, Now), (next.Status, next.RetryCount, next.CompletedAt));
        Assert.Null(next.RetryAfter);
    }

    [Fact]
    public void Apply_ZeroRetries_FailsAfterTheFirstAttempt()
    {
        var next = QueueRetryPolicy.Apply(Running(retryCount: 0, maxRetries: 0), Failed("boom"), Now, Options);

        Assert.Equal((QueueStatus.Failed, 1), (next.Status, next.RetryCount));
    }

    [Fact]
    public void Apply_FailedForGood_FailsWhateverRetriesAreLeft()
    {
        var next = QueueRetryPolicy.Apply(Running(retryCount: 0, maxRetries: 10), QueueAttempt.FailedForGood("agent gone"), Now, Options);

        Assert.Equal((QueueStatus.Failed, 1, "agent gone"), (next.Status, next.RetryCount, next.Error));
    }

    [Fact]
    public void Apply_NoCapacity_IsNotChargedAnAttempt()
    {
        var job = Running(retryCount: 1, maxRetries: 1);

        var next = QueueRetryPolicy.Apply(job, new QueueAttempt(QueueAttemptOutcome.NoCapacity, null, false, "full", null), Now, Options);

        Assert.Equal((QueueStatus.Pending, 1), (next.Status, next.RetryCount));
        Assert.Equal(Now + Options.PollInterval, next.RetryAfter);
    }

    [Fact]
    public void Apply_Completed_KeepsTheResultAndTheSessionItMade()
    {
        var session = Guid.NewGuid();

        var next = QueueRetryPolicy.Apply(Running(1, 3), new QueueAttempt(QueueAttemptOutcome.Completed, session, true, null, """{"text":"hi"}"""), Now, Options);

        Assert.Equal((QueueStatus.Completed, session, true, """{"text":"hi"}"""), (next.Status, next.SessionId, next.OwnsSession, next.ResultJson));
        Assert.Null(next.Error);
        Assert.Equal(Now, next.CompletedAt);
    }

    [Fact]
    public void Validate_ReserveAsLargeAsTheBudget_IsAProblemNamingItsKey()
    {
        var problems = new QueueOptions { ReservedSandboxes = 4, MaxConcurrentJobs = -1 }.Validate(maxLiveSandboxes: 4);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, problem => problem.StartsWith("Ash:Queue:ReservedSandboxes", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.StartsWith("Ash:Queue:MaxConcurrentJobs", StringComparison.Ordinal));
    }

    private static QueueAttempt Failed(string error) => new(QueueAttemptOutcome.Failed, null, false, error, null);

    private static QueueItem Running(int retryCount, int maxRetries) =>
        new(Guid.NewGuid(), "tenant", null, "agent", "p", QueueStatus.Processing, 0, retryCount, maxRetries, null, Now.AddMinutes(-1), Now.AddSeconds(-5), null);
}
