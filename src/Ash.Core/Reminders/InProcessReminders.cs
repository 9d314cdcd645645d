using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Reminders;

/// <summary>
/// Reminders kept in the database and delivered by one loop (<see cref="RunAsync"/>): it sleeps until
/// the earliest due time (or until a nearer reminder is set), delivers what is due, and deletes each
/// reminder once its receiver returned, unless it was moved meanwhile. A receiver that throws gets
/// the reminder again after <see cref="RedeliveryDelay"/>; a server that stops delivers it after restart.
/// </summary>
public sealed class InProcessReminders : IReminders
{
    public static readonly TimeSpan RedeliveryDelay = TimeSpan.FromSeconds(10);

    private const int BatchSize = 64;
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);

    private readonly IReminderStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IReminderReceiver> _receivers = new(StringComparer.Ordinal);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public InProcessReminders(IReminderStore store, TimeProvider time, ILogger<InProcessReminders> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers the receiver of one actor type; call before <see cref="RunAsync"/> starts.</summary>
    public void Register(IReminderReceiver receiver) => _receivers[receiver.ActorType] = receiver;

    public async Task SetAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        await _store.SetAsync(reminder, cancellationToken);
        _wake.Writer.TryWrite(true);
    }

    public Task CancelAsync(string actorType, string actorId, string name, CancellationToken cancellationToken) =>
        _store.DeleteAsync(actorType, actorId, name, null, cancellationToken);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var due = await _store.ListDueAsync(_time.GetUtcNow(), BatchSize, stoppingToken);
                if (due.Count > 0)
                {
                    await Task.WhenAll(due.Select(reminder => DeliverAsync(reminder, stoppingToken)));
                    continue;
                }

                var next = await _store.NextDueAsync(stoppingToken);
                var sleep = next is { } at ? at - _time.GetUtcNow() : LongestSleep;
                if (sleep > TimeSpan.Zero)
                {
                    await SleepAsync(sleep < LongestSleep ? sleep : LongestSleep, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The store may be briefly unreachable (a database restart); try again shortly.
                ReminderLog.LoopFailed(_logger, exception);
                await SleepAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task SleepAsync(TimeSpan duration, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(duration, _time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            await _wake.Reader.WaitToReadAsync(either.Token);
            _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Slept the whole duration.
        }
    }

    private async Task DeliverAsync(Reminder reminder, CancellationToken stoppingToken)
    {
        if (!_receivers.TryGetValue(reminder.ActorType, out var receiver))
        {
            ReminderLog.NoReceiver(_logger, reminder.ActorType, reminder.Name);
            await _store.DeleteAsync(reminder.ActorType, reminder.ActorId, reminder.Name, reminder.DueAt, stoppingToken);
            return;
        }

        try
        {
            await receiver.ReceiveAsync(reminder, stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            ReminderLog.DeliveryFailed(_logger, reminder.ActorType, reminder.ActorId, reminder.Name, exception);
            await _store.SetAsync(reminder with { DueAt = _time.GetUtcNow() + RedeliveryDelay }, stoppingToken);
            return;
        }

        // Only if it still is the reminder we delivered: the receiver may have moved it.
        await _store.DeleteAsync(reminder.ActorType, reminder.ActorId, reminder.Name, reminder.DueAt, stoppingToken);
    }
}
