using Ash.Dapr.Client;
using Microsoft.Extensions.Options;
using SdkDaprClient = global::Dapr.Client.DaprClient;

namespace Ash.Server.Dapr;

/// <summary>
/// Start-up on Dapr, in the order the sidecar needs (dapr-http-api.md §9.2): Kestrel listens first, then
/// this waits for <c>healthz/outbound</c>, then for the sidecar to have read our actor types (so reminders
/// can be set and calls reach us), then runs the role's start-up work (session recovery, or a sandbox host's
/// orphan reaping), then opens the app. A sidecar that never comes stops the server. Both waits go through the SDK's
/// DaprClient (<see cref="SidecarHealth"/>); only the actor runtime's status for the failure message is read by hand.
/// </summary>
internal sealed partial class DaprStartup(
    IHostApplicationLifetime lifetime,
    DaprClient dapr,
    SdkDaprClient sdk,
    DaprStartupWork work,
    StartupGate gate,
    IOptions<DaprModeOptions> options,
    TimeProvider time,
    ILogger<DaprStartup> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WhenStartedAsync(stoppingToken);
            await SidecarHealth.WaitForOutboundAsync(sdk, dapr.SidecarUrl, options.Value.SidecarTimeout, time, stoppingToken);
            if (work.ActorType is { } actorType)
            {
                await WaitForActorTypeAsync(actorType, stoppingToken);
            }

            await work.RunAsync(stoppingToken);
            gate.MarkOpen();
            Ready(logger, dapr.SidecarUrl.ToString());
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Failed(logger, exception);
            lifetime.StopApplication();
        }
    }

    private Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    private async Task WaitForActorTypeAsync(string actorType, CancellationToken stoppingToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (await SidecarHealth.HostsActorTypeAsync(sdk, options.Value.GrpcEndpoint, actorType, stoppingToken))
            {
                return;
            }

            if (time.GetElapsedTime(started) > options.Value.SidecarTimeout)
            {
                var runtime = await dapr.GetActorRuntimeAsync(stoppingToken);
                throw new InvalidOperationException(
                    $"The Dapr sidecar never registered the actor type '{actorType}' (it reads GET /dapr/config on this app's --app-port with the app token: does the sidecar's appPort match, and does it have the same APP_API_TOKEN? is placement running and an actor state store configured?). Runtime status: {runtime.RuntimeStatus ?? "unknown"}, placement: {runtime.Placement ?? "unknown"}");
            }

            await Task.Delay(PollInterval, time, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Dapr sidecar at {Sidecar} is ready; taking requests")]
    private static partial void Ready(ILogger logger, string sidecar);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Critical, Message = "Could not start on Dapr; stopping")]
    private static partial void Failed(ILogger logger, Exception exception);
}
