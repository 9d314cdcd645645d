using Microsoft.Extensions.Hosting;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Keeps the test app from taking over Ctrl+C and SIGTERM of the whole test process.</summary>
internal sealed class NoSignalHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
