using System.Text.Json;
using Ash.Dapr.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.Sandboxes;

/// <summary>A sandbox host's side of <see cref="NodeRegistry"/>: tells the sessions app it is alive, every few seconds, for as long as it runs.</summary>
public sealed partial class NodeHeartbeat(DaprClient dapr, SandboxNodeActorType host, string node, Task ready, TimeProvider time, ILogger<NodeHeartbeat> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ready.WaitAsync(stoppingToken);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var body = JsonSerializer.SerializeToUtf8Bytes(new NodeHeartbeatCall(node, host.RunningCount), SandboxCallsJsonContext.Default.NodeHeartbeatCall);
                await dapr.InvokeActorAsync(NodeRegistry.ActorType, NodeRegistry.ActorId, "heartbeat", body, stoppingToken);
                failing = false;
            }
            // Whatever one call met (the registry's refusal, a timeout, a cut connection), the next beat tries again:
            // a sandbox host must not stop over one lost heartbeat.
            catch (DaprException exception)
            {
                if (!failing)
                {
                    HeartbeatFailed(logger, node, exception.Message);
                }

                failing = true;
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Sandbox host {Node} cannot reach the sessions app's registry (retrying): {Reason}")]
    private static partial void HeartbeatFailed(ILogger logger, string node, string reason);
}
