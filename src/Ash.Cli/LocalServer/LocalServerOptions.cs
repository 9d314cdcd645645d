using System.CommandLine;
using System.Globalization;

namespace Ash.Cli.LocalServer;

// The port option of the commands that run or probe a server on this machine.
internal static class LocalServerOptions
{
    public const int DefaultPort = 4100;

    public static Option<int> CreatePortOption()
    {
        var option = new Option<int>("--port", "-p")
        {
            Description = "Port of the local server",
            HelpName = "port",
            DefaultValueFactory = _ => DefaultPort,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 65535)
            {
                result.AddError("--port must be between 1 and 65535.");
            }
        });
        return option;
    }

    // The server binds 127.0.0.1 by default; "localhost" could resolve to ::1 first and miss it.
    public static Uri LocalUrl(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
}
