using Ash.Sandbox;
using Microsoft.Extensions.Options;

namespace Ash.Server.Agents;

/// <summary>The agents feature's services: where deployed content is kept.</summary>
internal static class AgentServices
{
    public static IServiceCollection AddAgentContent(this IServiceCollection services, string agentsDirectory)
    {
        services.Configure<AgentsOptions>(options => options.Directory = agentsDirectory);
        services.AddSingleton(provider => new AgentContentStore(
            agentsDirectory,
            provider.GetRequiredService<IOptions<SandboxOptions>>().Value,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AgentChanges>();
        services.AddSingleton<AgentEnvSealing>();
        return services;
    }
}
