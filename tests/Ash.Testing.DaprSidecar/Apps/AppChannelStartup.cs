using System.Net;
using System.Text.Json;
using Ash.Testing.DaprSidecar.PubSub;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.Apps;

/// <summary>
/// What daprd does once its app is reachable (reference §1.2, §3.3): read <c>/dapr/config</c> (polling until
/// the app answers at all), read <c>/dapr/subscribe</c> once when a pub/sub component exists, register the
/// actor types in placement and the subscriptions with the broker; then the app channel is ready.
/// </summary>
internal sealed partial class AppChannelStartup(Sidecar sidecar, AppChannel app, SharedComponents shared, TimeSpan pollInterval, ILogger logger)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    public async Task RunAsync(CancellationToken stopping)
    {
        var configuration = await ReadConfigurationAsync(stopping);
        IReadOnlyList<Subscription> subscriptions = shared.Broker.Components.Count > 0 ? await ReadSubscriptionsAsync(stopping) : [];
        if (shared.StateStores.ActorStore is not null)
        {
            shared.Placement.Register(sidecar, configuration.Entities);
        }
        else if (configuration.Entities.Count > 0)
        {
            LogHostingDisabled(sidecar.Name);
        }

        shared.Broker.Subscribe(sidecar, subscriptions);
        sidecar.CompleteAppChannel(configuration, subscriptions);
        await shared.Actors.RebalanceAsync(stopping);
    }

    private async Task<AppConfiguration> ReadConfigurationAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                attempt.CancelAfter(AttemptTimeout);
                using var request = app.CreateRequest(HttpMethod.Get, "dapr/config");
                using var response = await app.SendAsync(request, attempt.Token);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    return AppConfiguration.NoActors;
                }

                try
                {
                    using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(stopping), cancellationToken: stopping);
                    return AppConfiguration.Parse(document.RootElement);
                }
                catch (JsonException exception)
                {
                    LogBadAppAnswer(sidecar.Name, "/dapr/config", exception.Message);
                    return AppConfiguration.NoActors;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !stopping.IsCancellationRequested))
            {
                // The app is not listening yet.
            }

            await Task.Delay(pollInterval, shared.Time, stopping);
        }
    }

    private async Task<IReadOnlyList<Subscription>> ReadSubscriptionsAsync(CancellationToken stopping)
    {
        try
        {
            using var request = app.CreateRequest(HttpMethod.Get, "dapr/subscribe");
            using var response = await app.SendAsync(request, stopping);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return [];
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogBadAppAnswer(sidecar.Name, "/dapr/subscribe", $"status {(int)response.StatusCode}");
                return [];
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(stopping), cancellationToken: stopping);
            return Subscription.ParseAll(document.RootElement, warning => LogBadAppAnswer(sidecar.Name, "/dapr/subscribe", warning));
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException)
        {
            LogBadAppAnswer(sidecar.Name, "/dapr/subscribe", exception.Message);
            return [];
        }
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "{Sidecar}: {Path} answered badly: {Problem}")]
    private partial void LogBadAppAnswer(string sidecar, string path, string problem);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "{Sidecar}: actor hosting disabled, but invocation enabled (no state store has actorStateStore set)")]
    private partial void LogHostingDisabled(string sidecar);
}
