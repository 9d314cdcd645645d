using Ash.Core.Secrets;
using Microsoft.AspNetCore.DataProtection;

namespace Ash.Server.Secrets;

internal static class SecretServices
{
    /// <summary>The one application name every app of a deployment uses, so all can open what any sealed.</summary>
    private const string ApplicationName = "ash";

    public static IServiceCollection AddSecrets(this IServiceCollection services, string keysDirectory)
    {
        Directory.CreateDirectory(keysDirectory);
        File.SetUnixFileMode(keysDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(keysDirectory));
        services.AddSingleton<ISecretProtector, DataProtectionSecrets>();
        return services;
    }
}
