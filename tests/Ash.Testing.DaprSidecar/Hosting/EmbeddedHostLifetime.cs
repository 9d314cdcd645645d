using Microsoft.Extensions.Hosting;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>
/// The mesh decides when its listeners stop; the default console lifetime would take over Ctrl+C and
/// SIGTERM for the whole test process.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
