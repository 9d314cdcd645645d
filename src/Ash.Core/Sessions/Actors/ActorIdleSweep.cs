using Microsoft.Extensions.Hosting;

namespace Ash.Core.Sessions.Actors;

/// <summary>Retires idle session actors periodically, so memory follows the live sessions, not every session ever touched.</summary>
public sealed class ActorIdleSweep(SessionActors actors, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await actors.RetireIdleAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
