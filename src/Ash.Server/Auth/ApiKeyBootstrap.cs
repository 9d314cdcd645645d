using Ash.Core.Auth;
using Ash.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ash.Server.Auth;

/// <summary>
/// Makes sure tenant "default" has a key at start-up. ASH_API_KEY, when set, is that key: it is stored
/// (once) and the keys earlier starts made for the tenant (a generated key, an earlier ASH_API_KEY) are
/// revoked, along with the &lt;data&gt;/api-key file that held the generated one (issue 15: it used to be added
/// beside them, so an old key kept working). Keys made through the API (<c>POST /api/api-keys</c>) stay.
/// Without ASH_API_KEY, the first start generates a key, stored hashed and written once to
/// &lt;data&gt;/api-key (0600) for the CLI; later starts keep whatever keys exist.
/// </summary>
public sealed partial class ApiKeyBootstrap(IApiKeyStore keys, IOptions<AshServerOptions> options, ILogger<ApiKeyBootstrap> logger)
{
    public const string KeyFileName = "api-key";

    /// <summary>The label of the key ASH_API_KEY sets.</summary>
    public const string ConfiguredLabel = "ASH_API_KEY";

    /// <summary>The label of the key a first start generates.</summary>
    public const string GeneratedLabel = "generated";

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(configured))
        {
            await SetConfiguredAsync(configured, cancellationToken);
            return;
        }

        if (await keys.CountAsync(cancellationToken) > 0)
        {
            return;
        }

        var key = ApiKeyHash.Generate();
        await keys.AddAsync(Tenant.Default, ApiKeyHash.Hash(key), GeneratedLabel, cancellationToken);
        var path = KeyFilePath;
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

    private string KeyFilePath => Path.Combine(options.Value.FullDataDirectory, KeyFileName);

    private async Task SetConfiguredAsync(string configured, CancellationToken cancellationToken)
    {
        if (configured.Length < ApiKeyHash.MinConfiguredLength)
        {
            // Stored as one SHA-256 like every key: fine for 128 bits and more, guessable for a short word.
            ConfiguredKeyShort(logger, ApiKeyHash.MinConfiguredLength);
        }

        var hash = ApiKeyHash.Hash(configured);
        await keys.AddAsync(Tenant.Default, hash, ConfiguredLabel, cancellationToken);
        if (await keys.FindAsync(hash, cancellationToken) is not { TenantId: Tenant.Default } current)
        {
            // The key was stored earlier for another tenant, which keeps it (AddAsync keeps a hash's first owner):
            // the default tenant's keys are left as they are rather than cut off.
            ConfiguredKeyOwnedElsewhere(logger);
            return;
        }

        // Revoked by id, the current one excepted: another replica starting with the same ASH_API_KEY never
        // disturbs it (a key re-added under a new id would end the streams open with the old one).
        var revoked = 0;
        foreach (var key in await keys.ListAsync(Tenant.Default, cancellationToken))
        {
            if (key.Id != current.KeyId && IsMadeAtStart(key)
                && await keys.RevokeAsync(Tenant.Default, key.Id, keepLastKey: false, cancellationToken) == KeyRevocation.Revoked)
            {
                revoked++;
            }
        }

        if (revoked > 0)
        {
            KeysReplaced(logger, revoked);
        }

        if (File.Exists(KeyFilePath))
        {
            // It holds the generated key, revoked now (or earlier): a CLI reading it would only be refused.
            File.Delete(KeyFilePath);
            KeyFileRemoved(logger, KeyFilePath);
        }
    }

    // A key this class stored: its label, and no visible prefix (keys made through the API show theirs).
    private static bool IsMadeAtStart(ApiKeyRecord key) =>
        key.Label is GeneratedLabel or ConfiguredLabel && key.KeyPrefix == ApiKeyHash.HiddenPrefix;

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "ASH_API_KEY is shorter than {Length} characters: use a random key (e.g. 'openssl rand -hex 32') or let the server generate one")]
    private static partial void ConfiguredKeyShort(ILogger logger, int length);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Generated an API key for tenant 'default' and wrote it to {Path}")]
    private static partial void KeyGenerated(ILogger logger, string path);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "ASH_API_KEY is set: revoked {Count} key(s) of tenant 'default' that earlier starts made (a generated key or an earlier ASH_API_KEY)")]
    private static partial void KeysReplaced(ILogger logger, int count);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "ASH_API_KEY is set: removed {Path}, which held the generated key")]
    private static partial void KeyFileRemoved(ILogger logger, string path);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "ASH_API_KEY is already a key of another tenant, which keeps it; tenant 'default' has no key from ASH_API_KEY")]
    private static partial void ConfiguredKeyOwnedElsewhere(ILogger logger);
}
