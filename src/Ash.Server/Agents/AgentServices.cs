using Ash.Core.Agents.Deploy;
using Ash.Sandbox;
using Ash.Sandbox.Agents;
using Ash.Sandbox.Egress;
using Microsoft.Extensions.Options;

namespace Ash.Server.Agents;

/// <summary>The agents feature's services: where deployed content is kept, and the deploy use cases.</summary>
internal static class AgentServices
{
    public static IServiceCollection AddAgentContent(this IServiceCollection services, string agentsDirectory)
    {
        services.Configure<AgentsOptions>(options => options.Directory = agentsDirectory);
        services.AddSingleton<IAgentContentStore>(provider => new AgentContentStore(agentsDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAgentConfigRules>(provider => new AgentNetworkRules(provider.GetRequiredService<IOptions<SandboxOptions>>().Value));
        services.AddSingleton<AgentDeploy>();
        services.AddSingleton<AgentVersionChanges>();
        services.AddSingleton<AgentStartupUpgrades>();
        return services;
    }
}
