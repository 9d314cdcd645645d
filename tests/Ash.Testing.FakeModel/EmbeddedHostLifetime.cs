using Microsoft.Extensions.Hosting;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Lets the test that owns the server decide when it stops. The default console lifetime would take over
/// Ctrl+C and SIGTERM for the whole test process and keep it alive after the signal.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
