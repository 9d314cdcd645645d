using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Sessions;
using Ash.Core.Sessions.Lifecycle;
using Ash.Core.Tests.Sessions.Fakes;
using Ash.Testing.Common;

namespace Ash.Core.Tests.Sessions.Actors;

/// <summary>
/// A lifecycle step that fails transiently on the session core (<see cref="LifecycleRunner"/> on the actor, the in-process
/// reminders on fake time): the operation is answered as under way, and the lifecycle reminder retries it after its
/// backoff until it completes.
/// </summary>
public sealed class SessionActorLifecycleRetryTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task ACreateWhosePrepareKeepsFailing_AnswersStarting_AndTheLifecycleReminderRetriesItUntilItIsActive()
    {
        await using var bed = await SessionCoreBed.StartAsync();
        // Every attempt tries the step inline InlineRetries more times: the create's attempt and the first reminder's fail whole.
        bed.Host.FailNextPrepares(2 * (LifecycleRunner.InlineRetries + 1));
        var creating = bed.Service.CreateAsync(SessionCoreBed.Tenant, SessionCoreBed.AgentName, SessionOptions.Empty, CancellationToken.None);
        await bed.Time.AdvanceUntilAsync(creating, TimeSpan.FromMilliseconds(10));

        var session = Assert.IsType<Session>((await creating).Value);
        Assert.Equal(SessionStatus.Starting, session.Status);
        Assert.Empty(bed.Host.Started);
        var progress = await bed.LifecycleStore.GetAsync(session.Id, CancellationToken.None);
        Assert.NotNull(progress);
        Assert.Equal("create", progress.Operation);
        Assert.Equal(0, progress.Step);
        Assert.Equal(1, progress.Attempt);
        Assert.Contains("scripted prepare failure", progress.LastError, StringComparison.Ordinal);
        Assert.Equal(ErrorKind.InvalidState, (await bed.TrySendAsync(session.Id, "too early")).Error?.Kind);

        var started = bed.ProcessAsync(0);
        await bed.Time.AdvanceUntilAsync(started, Step);

        await Eventually.TrueAsync(
            async () => (await bed.Context.Sessions.GetAsync(session.Id, CancellationToken.None))?.Status == SessionStatus.Active, "the session to be active");
        Assert.Null(await bed.LifecycleStore.GetAsync(session.Id, CancellationToken.None));
        Assert.True(await bed.Host.HasFilesAsync(session.Id, CancellationToken.None));
        Assert.Single(await bed.EventsAsync(session.Id), e => e.Type == EventTypes.Status && e.DataText == """{"status":"active"}""");
        var agent = await started;
        await bed.SendAsync(session.Id, "finally");
        Assert.Equal(["user: finally"], StdinLine.Describe(await SessionCoreBed.StdinAsync(agent, 1)));
    }
}
