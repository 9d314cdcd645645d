using Ash.Core.Auth;
using Ash.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ash.Server.Auth;

/// <summary>
/// Makes sure tenant "default" has a key at start-up: the one in ASH_API_KEY, or else (first start
/// only) a generated one, stored hashed and written once to &lt;data&gt;/api-key (0600) for the CLI.
/// </summary>
public sealed partial class ApiKeyBootstrap(IApiKeyStore keys, IOptions<AshServerOptions> options, ILogger<ApiKeyBootstrap> logger)
{
    public const string KeyFileName = "api-key";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < ApiKeyHash.MinConfiguredLength)
            {
                // Stored as one SHA-256 like every key: fine for 128 bits and more, guessable for a short word.
                ConfiguredKeyShort(logger, ApiKeyHash.MinConfiguredLength);
            }

            await keys.AddAsync(Tenant.Default, ApiKeyHash.Hash(configured), "ASH_API_KEY", cancellationToken);
            return;
        }

        if (await keys.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var key = ApiKeyHash.Generate();
        await keys.AddAsync(Tenant.Default, ApiKeyHash.Hash(key), "generated", cancellationToken);
        var path = Path.Combine(options.Value.FullDataDirectory, KeyFileName);
        await using (var file = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(key + "\n"), cancellationToken);
        }

        KeyGenerated(logger, path);
    }

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "ASH_API_KEY is shorter than {Length} characters: use a random key (e.g. 'openssl rand -hex 32') or let the server generate one")]
    private static partial void ConfiguredKeyShort(ILogger logger, int length);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Generated an API key for tenant 'default' and wrote it to {Path}")]
    private static partial void KeyGenerated(ILogger logger, string path);
}
