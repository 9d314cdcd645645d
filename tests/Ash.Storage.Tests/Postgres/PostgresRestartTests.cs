using System.Collections.Concurrent;
using Ash.Core.Errors;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Storage.Postgres;
using Ash.Storage.Tests.Infrastructure;
using Ash.Testing.Postgres;

namespace Ash.Storage.Tests.Postgres;

/// <summary>
/// "A PostgreSQL restart under load: requests fail cleanly or retry, nothing acknowledged is lost, the
/// pool recovers." Writers append events and messages while the server restarts underneath them.
/// </summary>
public sealed class PostgresRestartTests
{
    private const int Writers = 6;
    private const int WritesBeforeRestart = 20;
    private const int WritesAfterRestart = 15;

    // Bounds each writer's loop whatever happens, so the test always ends.
    private const int MaxIterations = 5_000;

    // PostgresDatabase gives up after about ten seconds of transient failures.
    private static readonly TimeSpan PostgresRetryBudget = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <param name="downSeconds">2: calls ride it out by retrying. 12: longer than the retry budget, so calls in flight fail cleanly.</param>
    [Theory(Timeout = TestTimeouts.Long)]
    [InlineData(2)]
    [InlineData(12)]
    public async Task Stores_ServerRestartsUnderLoad_LoseNoAcknowledgedWriteAndRecover(int downSeconds)
    {
        await using var server = await PostgresServer.StartAsync(Token).WaitAsync(TestTimeouts.Setup, Token);
        var retries = new RetryCountingLogger();
        await using var database = await PostgresDatabase.OpenAsync(await server.CreateDatabaseAsync("restart", Token), retries, Token);
        var log = new PostgresEventLog(database);
        var messages = new PostgresMessageStore(database, TimeProvider.System);
        var unexpected = new ConcurrentQueue<Exception>();
        var writers = Enumerable.Range(0, Writers).Select(_ => new Writer(Guid.NewGuid())).ToArray();
        var loadRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acknowledged = 0;

        async Task RunAsync(Writer writer)
        {
            var afterRestart = 0;
            for (var i = 0; i < MaxIterations && afterRestart < WritesAfterRestart; i++)
            {
                try
                {
                    if (i % 2 == 0)
                    {
                        // An unacknowledged event is retried as is: same sequence, same content.
                        var next = writer.NextEvent();
                        await log.AppendAsync([next], Token);
                        writer.Events.Add(next);
                    }
                    else
                    {
                        writer.Messages.Add(await messages.AppendAsync(writer.Session, "tenant", "user", $"\"{i}\"", Token));
                    }
                }
                catch (StoreUnavailableException)
                {
                    writer.Unavailable++;
                    continue;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    unexpected.Enqueue(exception);
                    return;
                }

                if (restarted.Task.IsCompleted)
                {
                    afterRestart++;
                }
                else if (Interlocked.Increment(ref acknowledged) == Writers * WritesBeforeRestart)
                {
                    loadRunning.TrySetResult();
                }
            }
        }

        var load = writers.Select(writer => Task.Run(() => RunAsync(writer), Token)).ToArray();
        await Task.WhenAny(loadRunning.Task, Task.WhenAll(load)).WaitAsync(TestTimeouts.Setup, Token);
        await server.RestartAsync(TimeSpan.FromSeconds(downSeconds), Token);
        restarted.SetResult();
        await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(120), Token);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"retried attempts: {retries.Warnings}; calls failed unavailable: {writers.Sum(writer => writer.Unavailable)}; " +
            $"events: {writers.Sum(writer => writer.Events.Count)}; messages: {writers.Sum(writer => writer.Messages.Count)}");
        Assert.Empty(unexpected);

        // Writers were mid-flight when the server went down, so the restart must have cost some attempts.
        Assert.True(retries.Warnings > 0, "The restart interrupted no store call; the test exercised nothing.");
        if (TimeSpan.FromSeconds(downSeconds) > PostgresRetryBudget)
        {
            Assert.True(writers.Sum(writer => writer.Unavailable) > 0, "An outage longer than the retry budget failed no call.");
        }

        foreach (var writer in writers)
        {
            var storedEvents = await log.ReadAsync(writer.Session, 0, MaxIterations, null, Token);
            Assert.Equal(writer.Events, storedEvents);

            var storedMessages = await messages.ListAsync(writer.Session, 0, MaxIterations, Token);
            Assert.Equal(storedMessages.Count, storedMessages.Select(message => message.Id).Distinct().Count());
            Assert.Equal(Enumerable.Range(1, storedMessages.Count).Select(sequence => (long)sequence), storedMessages.Select(message => message.Sequence));
            var storedById = storedMessages.ToDictionary(message => message.Id);
            Assert.All(writer.Messages, acked => Assert.Equal(acked, storedById[acked.Id]));
        }

        // The pool recovered: plain calls succeed straight away.
        var after = writers[0].NextEvent();
        await log.AppendAsync([after], Token);
        await messages.AppendAsync(writers[0].Session, "tenant", "user", "\"after\"", Token);
        Assert.Equal(after.Sequence, (await log.GetPositionAsync(writers[0].Session, Token)).LastSequence);
    }

    private sealed class Writer(Guid session)
    {
        public Guid Session { get; } = session;

        public List<SessionEvent> Events { get; } = [];

        public List<Message> Messages { get; } = [];

        public int Unavailable { get; set; }

        public SessionEvent NextEvent()
        {
            var sequence = Events.Count + 1;
            return new SessionEvent(Session, "tenant", sequence, 1, EventTypes.TextDelta, System.Text.Encoding.UTF8.GetBytes($$"""{"n":{{sequence}}}"""), new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(sequence));
        }
    }
}
