using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Core.Sessions.Census;

/// <summary>Counts the sessions by status now and every <paramref name="interval"/>; a failed count is logged and tried again at the next tick.</summary>
public sealed partial class SessionCensusRefresh(SessionCensus census, TimeSpan interval, TimeProvider time, ILogger<SessionCensusRefresh> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            do
            {
                try
                {
                    await census.RefreshAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    CountFailed(logger, exception);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Counting sessions by status for the metrics failed; the last counts stand until the next try")]
    private static partial void CountFailed(ILogger logger, Exception exception);
}
