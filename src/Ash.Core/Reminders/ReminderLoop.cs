using Microsoft.Extensions.Hosting;

namespace Ash.Core.Reminders;

/// <summary>Owns the in-process reminder delivery loop for the server's lifetime; receivers are registered before the first delivery.</summary>
public sealed class ReminderLoop(InProcessReminders reminders, IEnumerable<IReminderReceiver> receivers) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var receiver in receivers)
        {
            reminders.Register(receiver);
        }

        return reminders.RunAsync(stoppingToken);
    }
}
