using Ash.Core.Auth;
using Ash.Core.Errors;

namespace Ash.Server.Auth;

/// <summary>
/// Ends the open streams of keys revoked elsewhere (another API replica, or the database directly):
/// once a second, while streams are open, it asks the store which of their keys still authenticate.
/// A revocation made through this process needs no wait: <see cref="KeyRevocations"/> acts at once.
/// </summary>
public sealed partial class RevokedKeyWatch(KeyRevocations revocations, IApiKeyStore keys, TimeProvider time, ILogger<RevokedKeyWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var watched = revocations.WatchedKeys();
            if (watched.Count == 0)
            {
                continue;
            }

            try
            {
                var live = await keys.LiveAsync(watched, stoppingToken);
                var revoked = watched.Where(id => !live.Contains(id)).ToList();
                if (revoked.Count > 0)
                {
                    revocations.Revoked(revoked);
                }
            }
            catch (Exception exception) when (exception is StoreUnavailableException or StoreBusyException)
            {
                // The streams stay open until the store answers again; said once per failed check.
                CheckFailed(logger, exception.Message);
            }
        }
    }

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Could not check the open streams' API keys for revocation: {Reason}")]
    private static partial void CheckFailed(ILogger logger, string reason);
}
