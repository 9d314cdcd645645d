using System.CommandLine;

namespace Ash.Cli;

// Options every command accepts, before or after the command name.
internal static class GlobalOptions
{
    public static readonly Option<string?> Server = new("--server")
    {
        Description = "Server URL [env ASH_SERVER_URL; default http://127.0.0.1:4100, or the port in ASH_PORT]",
        HelpName = "url",
        Recursive = true,
    };

    public static readonly Option<string?> ApiKey = new("--api-key")
    {
        Description = "API key [env ASH_API_KEY; default: the file <data>/api-key]",
        HelpName = "key",
        Recursive = true,
    };

    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data directory of the local server [env ASH_DATA_DIR; default ./data]",
        HelpName = "dir",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write machine-readable JSON to stdout",
        Recursive = true,
    };

    public static IEnumerable<Option> All => [Server, ApiKey, Data, Json];
}
