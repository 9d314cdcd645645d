using System.Threading.Channels;
using Ash.Core.Budgets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Usage;

/// <summary>
/// Takes the model proxy's usage records off its path and writes them to the store in batches. A bounded
/// queue: when the store falls far behind, the proxy waits (after its answer has gone to the agent) rather
/// than the server's memory growing. On a clean shutdown every queued record is written before the
/// service stops; a write that fails is retried, then logged with what was lost.
/// </summary>
/// <remarks>Until a record is written, its cost is also held in <see cref="UnflushedCost"/> for the budget checks.</remarks>
public sealed partial class UsageRecorder(IUsageStore store, UnflushedCost unflushed, ILogger<UsageRecorder> logger) : BackgroundService, IUsageSink
{
    private const int Capacity = 10_000;
    private const int BatchSize = 500;
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    private readonly Channel<ModelUsage> _queue = Channel.CreateBounded<ModelUsage>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    public async ValueTask RecordAsync(ModelUsage usage, CancellationToken cancellationToken)
    {
        unflushed.Add(usage);
        if (!_queue.Writer.TryWrite(usage))
        {
            try
            {
                await _queue.Writer.WriteAsync(usage, cancellationToken);
            }
            catch (ChannelClosedException)
            {
                // The server is past its shutdown drain: nothing can be written any more.
                unflushed.Remove(usage);
                Dropped(logger, usage.SessionId, usage.InputTokens, usage.OutputTokens);
            }
            catch (OperationCanceledException)
            {
                unflushed.Remove(usage);
                throw;
            }
        }
    }

    /// <summary>Closes the queue, then lets the loop write everything still in it before returning.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (ExecuteTask is { } running)
        {
            await running.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ModelUsage>(BatchSize);

        // Not the stopping token: the loop ends when the queue is completed and empty, so a clean stop drains it.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var usage))
            {
                batch.Add(usage);
            }

            await WriteAsync(batch);
            foreach (var written in batch)
            {
                unflushed.Remove(written);
            }

            batch.Clear();
        }
    }

    private async Task WriteAsync(List<ModelUsage> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await store.AddAsync(batch, CancellationToken.None);
                return;
            }
            catch (Exception exception) when (attempt < RetryDelays.Length)
            {
                WriteRetried(logger, batch.Count, exception);
                await Task.Delay(RetryDelays[attempt], CancellationToken.None);
            }
            catch (Exception exception)
            {
                WriteFailed(logger, batch.Count, exception);
                return;
            }
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Writing {Count} usage record(s) failed; retrying")]
    private static partial void WriteRetried(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Writing {Count} usage record(s) failed for good; they are lost")]
    private static partial void WriteFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Usage of a model request of session {SessionId} ({Input} in, {Output} out) arrived after shutdown and was not recorded")]
    private static partial void Dropped(ILogger logger, Guid sessionId, long input, long output);
}
