using System.CommandLine;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli;

// What a command needs from its invocation: output, and where the server and its key are.
internal sealed class CliContext
{
    private Uri? _serverUrl;

    private CliContext(ParseResult parseResult)
    {
        ParseResult = parseResult;
        var json = parseResult.GetValue(GlobalOptions.Json);
        Output = new CliOutput(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, json);
        DataDirectory = Path.GetFullPath(parseResult.GetValue(GlobalOptions.Data) ?? EnvironmentValue("ASH_DATA_DIR") ?? "data");
        Layout = new DataLayout(DataDirectory);
    }

    public ParseResult ParseResult { get; }

    public CliOutput Output { get; }

    // Absolute data directory: --data, else ASH_DATA_DIR, else ./data.
    public string DataDirectory { get; }

    public DataLayout Layout { get; }

    // --server, else ASH_SERVER_URL, else the local server on the default port.
    // Resolved on first use, so that a bad URL is reported by the command that needs it.
    public Uri ServerUrl => _serverUrl ??=
        ParseServerUrl(ParseResult.GetValue(GlobalOptions.Server) ?? EnvironmentValue("ASH_SERVER_URL"))
        ?? LocalServerOptions.LocalUrl(LocalServerOptions.DefaultPort);

    public static CliContext From(ParseResult parseResult) => new(parseResult);

    // Non-empty value of an environment variable, or null.
    public static string? EnvironmentValue(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    // The key given with --api-key, else ASH_API_KEY, else the one the local server wrote to <data>/api-key.
    public string? FindApiKey()
    {
        var given = ParseResult.GetValue(GlobalOptions.ApiKey) ?? EnvironmentValue("ASH_API_KEY");
        if (given is not null)
        {
            return given;
        }

        try
        {
            return File.Exists(Layout.ApiKeyFile) && File.ReadAllText(Layout.ApiKeyFile).Trim() is { Length: > 0 } stored
                ? stored
                : null;
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Unauthorized, $"cannot read {Layout.ApiKeyFile}: permission denied (it is mode 0600; run as its owner or pass --api-key)");
        }
    }

    // A client for ServerUrl with the API key; fails with guidance when there is no key.
    public AshClient CreateClient() =>
        new(ServerUrl, FindApiKey() ?? throw new CliException(
            ExitCodes.Unauthorized,
            $"no API key: pass --api-key, set ASH_API_KEY, or start a local server with '{AshHome.CommandHint} start' (it writes {Layout.ApiKeyFile})"));

    // A client for ServerUrl with the admin key: --admin-key, else ASH_ADMIN_KEY (never the tenant key file).
    public AshClient CreateAdminClient() =>
        new(ServerUrl, ParseResult.GetValue(Commands.TenantsCommand.AdminKey) ?? EnvironmentValue("ASH_ADMIN_KEY") ?? throw new CliException(
            ExitCodes.Unauthorized,
            "no admin key: pass --admin-key or set ASH_ADMIN_KEY (the server's ASH_ADMIN_KEY; without one it has no admin API)"));

    private static Uri? ParseServerUrl(string? value)
    {
        if (value is null)
        {
            return null;
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url
            : throw new CliException(ExitCodes.Usage, $"'{value}' is not an http(s) URL (from --server or ASH_SERVER_URL)");
    }
}
