using System.Text.Json;
using Ash.Client;

namespace Ash.Cli.LocalServer;

// Asks /health whether an Ash server is up, treating "cannot tell" as "not up".
internal static class HealthProbe
{
    // One attempt of a poll: a server starting up answers soon or is asked again.
    private static readonly TimeSpan s_pollAttemptTimeout = TimeSpan.FromSeconds(2);

    // The server's health when it answers ok within attemptTimeout (default: a poll's); null when nothing
    // (or something else) answers.
    public static async Task<Health?> TryGetAsync(AshClient client, CancellationToken cancellationToken, TimeSpan? attemptTimeout = null)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(attemptTimeout ?? s_pollAttemptTimeout);
        try
        {
            var health = await client.GetHealthAsync(attempt.Token);
            return health.Status == "ok" ? health : null;
        }
        catch (HttpRequestException)
        {
            return null; // Nothing listens yet.
        }
        catch (AshApiException)
        {
            return null; // Listening but not ready (503 while starting).
        }
        catch (JsonException)
        {
            return null; // Something that is not Ash holds the port.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // Accepted the connection but did not answer in time.
        }
    }

    // Polls until the server is healthy, gaveUp says to stop, or timeout passes.
    public static async Task<Health?> WaitAsync(
        AshClient client, Func<bool> gaveUp, TimeSpan timeout, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (await TryGetAsync(client, cancellationToken) is { } health)
            {
                return health;
            }

            if (gaveUp() || time.GetElapsedTime(started) >= timeout)
            {
                return null;
            }

            await Task.Delay(interval, time, cancellationToken);
        }
    }
}
