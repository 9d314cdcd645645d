using Ash.Core.Budgets;

namespace Ash.Server.Budgets;

internal static class BudgetServices
{
    /// <summary>Every role: the API sets budgets, the sandbox host's model proxy checks them, the session actors count turns.</summary>
    public static IServiceCollection AddBudgets(this IServiceCollection services, bool splitDaprApps)
    {
        services.AddSingleton(splitDaprApps
            ? new BudgetSupport("budgets are enforced in embedded mode (and on Dapr with every role in one app) only for now: with split apps the model proxy runs on the sandbox node, apart from the turn and the usage recorder")
            : BudgetSupport.Full);
        services.AddSingleton<UnflushedCost>();
        services.AddSingleton<TurnBudgets>();
        services.AddSingleton<BudgetGuard>();
        services.AddSingleton<TenantBudgets>();
        return services;
    }
}
