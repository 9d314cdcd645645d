using System.CommandLine;
using Ash.Cli.LocalServer;
using Ash.Cli.Output;
using Ash.Client;

namespace Ash.Cli;

// What a command needs from its invocation: output, the environment, and where the server and its key are.
internal sealed class CliContext
{
    private Uri? _serverUrl;

    private CliContext(ParseResult parseResult)
    {
        ParseResult = parseResult;
        Environment = ((AshRootCommand)parseResult.RootCommandResult.Command).Environment;
        var json = parseResult.GetValue(GlobalOptions.Json);
        Output = new CliOutput(parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, json);
        DataDirectory = Path.GetFullPath(parseResult.GetValue(GlobalOptions.Data) ?? Environment.Variable("ASH_DATA_DIR") ?? "data");
        Layout = new DataLayout(DataDirectory);
        Home = new AshHome(Environment);
    }

    public ParseResult ParseResult { get; }

    public CliEnvironment Environment { get; }

    public CliOutput Output { get; }

    // Absolute data directory: --data, else ASH_DATA_DIR, else ./data.
    public string DataDirectory { get; }

    public DataLayout Layout { get; }

    public AshHome Home { get; }

    // --server, else ASH_SERVER_URL, else the local server on ASH_PORT or the default port.
    // Resolved on first use, so that a bad URL is reported by the command that needs it.
    public Uri ServerUrl => _serverUrl ??=
        ParseServerUrl(ParseResult.GetValue(GlobalOptions.Server) ?? Environment.Variable("ASH_SERVER_URL"))
        ?? LocalServerOptions.LocalUrl(LocalServerOptions.PortFrom(null, Environment));

    public static CliContext From(ParseResult parseResult) => new(parseResult);

    // The key given with --api-key, else ASH_API_KEY, else the one the local server wrote to <data>/api-key.
    public string? FindApiKey()
    {
        var given = ParseResult.GetValue(GlobalOptions.ApiKey) ?? Environment.Variable("ASH_API_KEY");
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
            throw new CliException(
                ExitCodes.Unauthorized,
                $"cannot read {Layout.ApiKeyFile}: permission denied",
                "It is mode 0600: run as its owner, or pass the key with --api-key or ASH_API_KEY.");
        }
    }

    // A client for ServerUrl with the API key; fails with guidance when there is no key.
    public AshClient CreateClient() => new(ServerUrl, RequireApiKey());

    // The key FindApiKey finds; without one, the failure that says where a key comes from.
    public string RequireApiKey() =>
        FindApiKey() ?? throw new CliException(
            ExitCodes.Unauthorized,
            "no API key",
            $"Pass --api-key, set ASH_API_KEY, or start a local server with '{Home.CommandHint} start' (it writes {Layout.ApiKeyFile}; give --data when it is elsewhere).");

    // A client for ServerUrl with the admin key: --admin-key, else ASH_ADMIN_KEY (never the tenant key file).
    public AshClient CreateAdminClient() =>
        new(ServerUrl, ParseResult.GetValue(Commands.TenantsCommand.AdminKey) ?? Environment.Variable("ASH_ADMIN_KEY") ?? throw new CliException(
            ExitCodes.Unauthorized,
            "no admin key",
            "Pass --admin-key or set ASH_ADMIN_KEY (the server's ASH_ADMIN_KEY; without one the server has no admin API)."));

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
