using Microsoft.Extensions.Hosting;

namespace Ash.Core.Sessions.Recovery;

/// <summary>Runs <see cref="SessionRecovery"/> once at start-up, before the server takes requests and before reminders are delivered.</summary>
public sealed class SessionRecoveryService(SessionRecovery recovery) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => recovery.RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
