using Ash.Core.Credentials;

namespace Ash.Server.Credentials;

internal static class CredentialServices
{
    /// <summary>Every role: the API stores and checks credentials, the sandbox host's model proxy opens them per request.</summary>
    public static IServiceCollection AddCredentials(this IServiceCollection services, bool splitDaprApps)
    {
        services.AddSingleton(splitDaprApps
            ? new CredentialSupport("stored credentials are supported in embedded mode (and on Dapr with every role in one app) only for now")
            : CredentialSupport.Full);
        services.AddSingleton<ModelCredentials>();
        services.AddSingleton<IModelCredentialSource>(provider => provider.GetRequiredService<ModelCredentials>());
        return services;
    }
}
