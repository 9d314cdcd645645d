using Ash.Core.Credentials;

namespace Ash.Server.Credentials;

internal static class CredentialServices
{
    /// <summary>Every role: the API stores and checks credentials, the sandbox host's model proxy opens them per request.</summary>
    public static IServiceCollection AddCredentials(this IServiceCollection services)
    {
        services.AddSingleton<ModelCredentials>();
        services.AddSingleton<IModelCredentialSource>(provider => provider.GetRequiredService<ModelCredentials>());
        return services;
    }
}
