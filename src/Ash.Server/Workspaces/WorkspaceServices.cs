using Ash.Core.Workspaces;
using Ash.Sandbox.Workspaces;
using Microsoft.Extensions.Options;

namespace Ash.Server.Workspaces;

/// <summary>Registers the workspace file routes' services, with <see cref="WorkspaceOptions"/> from <c>Ash:Workspaces</c>.</summary>
internal static class WorkspaceServices
{
    public static IServiceCollection AddWorkspaceFiles(this IServiceCollection services)
    {
        services.AddOptions<WorkspaceOptions>().BindConfiguration("Ash:Workspaces").ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkspaceOptions>, WorkspaceOptionsValidation>();
        services.AddSingleton<IWorkspaceFiles, LocalWorkspaceFiles>();
        services.AddSingleton<SessionWorkspaces>();
        return services;
    }

    private sealed class WorkspaceOptionsValidation : IValidateOptions<WorkspaceOptions>
    {
        public ValidateOptionsResult Validate(string? name, WorkspaceOptions options) =>
            options.Validate() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
