using Ash.Core.Usage;

namespace Ash.Server.Usage;

internal static class UsageServices
{
    /// <summary>The recorder the model proxies hand usage to, and the loop that writes it (drained on a clean stop).</summary>
    public static IServiceCollection AddUsage(this IServiceCollection services)
    {
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<IUsageSink>(provider => provider.GetRequiredService<UsageRecorder>());
        services.AddHostedService(provider => provider.GetRequiredService<UsageRecorder>());
        return services;
    }
}
