using System.Text;
using Dapr.Actors.Runtime;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// A Dapr.Actors actor as an SDK user writes one: state through <see cref="Actor.StateManager"/> (saved by the
/// runtime after each call), reminders (<see cref="IRemindable"/>), timers, and deactivation.
/// </summary>
[Actor(TypeName = TypeName)]
public sealed class CounterActor(ActorHost host, SdkActorJournal journal) : Actor(host), ICounterActor, IRemindable
{
    public const string TypeName = "Counter";

    private const string CountKey = "count";

    public async Task<int> AddAsync(int amount)
    {
        var count = await StateManager.GetOrAddStateAsync(CountKey, 0) + amount;
        await StateManager.SetStateAsync(CountKey, count);
        return count;
    }

    public Task<int> GetAsync() => StateManager.GetOrAddStateAsync(CountKey, 0);

    public Task RemindAsync(string name, TimeSpan dueTime, TimeSpan period, string data) =>
        RegisterReminderAsync(name, Encoding.UTF8.GetBytes(data), dueTime, period);

    public Task StartTimerAsync(string name, TimeSpan dueTime, TimeSpan period, string data) =>
        RegisterTimerAsync(name, nameof(OnTimerAsync), Encoding.UTF8.GetBytes(data), dueTime, period);

    public Task StopTimerAsync(string name) => UnregisterTimerAsync(name);

    public Task FailAsync(string message) => throw new InvalidOperationException(message);

    public async Task ReceiveReminderAsync(string reminderName, byte[] state, TimeSpan dueTime, TimeSpan period)
    {
        journal.Add("reminder", Id.GetId(), reminderName, Encoding.UTF8.GetString(state));
        if (reminderName.StartsWith("stop-", StringComparison.Ordinal))
        {
            await UnregisterReminderAsync(reminderName);
            journal.Add("unregistered", Id.GetId(), reminderName);
        }
    }

    /// <summary>The timer's callback, found by name by the SDK.</summary>
    public Task OnTimerAsync(byte[] state)
    {
        journal.Add("timer", Id.GetId(), "", Encoding.UTF8.GetString(state));
        return Task.CompletedTask;
    }

    protected override Task OnActivateAsync()
    {
        journal.Add("activated", Id.GetId());
        return Task.CompletedTask;
    }

    protected override Task OnDeactivateAsync()
    {
        journal.Add("deactivated", Id.GetId());
        return Task.CompletedTask;
    }
}
