using Ash.Core.Queue;
using Ash.Core.Sessions;

namespace Ash.Server.Queue;

/// <summary>
/// The queue's services. The processor runs wherever the API runs (embedded: the one process; on Dapr: every
/// api replica), since it drives turns through <see cref="SessionService"/> as the API does; the database claim
/// keeps replicas from running one job twice.
/// </summary>
internal static class QueueServices
{
    public static IServiceCollection AddQueue(this IServiceCollection services, QueueOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<QueueWakeup>();
        services.AddSingleton<QueueService>();
        services.AddSingleton(provider => new QueueJobRunner(
            provider.GetRequiredService<SessionService>(),
            provider.GetRequiredService<Ash.Core.Agents.IAgentStore>(),
            provider.GetRequiredService<SessionRuntimeOptions>()));
        services.AddHostedService<QueueProcessor>();
        return services;
    }
}
