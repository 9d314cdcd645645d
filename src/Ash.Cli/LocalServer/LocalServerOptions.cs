using System.CommandLine;
using System.Globalization;
using System.Net;

namespace Ash.Cli.LocalServer;

// The options of the commands that run or probe a server on this machine, with the server's own
// variables as their defaults (ASH_PORT, ASH_HOST, ASH_DATABASE_URL), so that `ash start` and the
// server agree on them.
internal static class LocalServerOptions
{
    public const int DefaultPort = 4100;

    public const string DefaultHost = "127.0.0.1";

    public static Option<int?> CreatePortOption() => new("--port", "-p")
    {
        Description = $"Port of the local server [env ASH_PORT; default {DefaultPort}]",
        HelpName = "port",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int?>() is < 1 or > 65535)
                {
                    result.AddError("--port must be between 1 and 65535.");
                }
            },
        },
    };

    public static Option<string?> CreateHostOption() => new("--host")
    {
        Description = $"Address the server listens on [env ASH_HOST; default {DefaultHost}]",
        HelpName = "address",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string?>() is { } host && !IPAddress.TryParse(host, out _))
                {
                    result.AddError($"--host takes an IP address (e.g. {DefaultHost} or 0.0.0.0), not '{host}'.");
                }
            },
        },
    };

    public static Option<string?> CreateDatabaseOption() => new("--database")
    {
        Description = "postgres://user:pass@host:5432/db for PostgreSQL, or a SQLite file [env ASH_DATABASE_URL; default: SQLite in the data directory]",
        HelpName = "url",
    };

    public static Option<bool> CreateAllowUnlimitedOption() => new("--allow-unlimited")
    {
        Description = "Run sandboxes without cgroup limits where the machine has none [env ASH_ALLOW_UNLIMITED]",
    };

    public static Option<bool?> CreateDiskVolumesOption() => new("--disk-volumes")
    {
        Description = "false: keep sessions' files on the host's file system with a per-file size limit, where the machine cannot make volumes [env ASH_DISK_VOLUMES; default: true]",
        HelpName = "true|false",
    };

    // The port given, else ASH_PORT, else the default.
    public static int PortFrom(int? given, CliEnvironment environment)
    {
        if (given is { } port)
        {
            return port;
        }

        if (environment.Variable("ASH_PORT") is not { } variable)
        {
            return DefaultPort;
        }

        return int.TryParse(variable, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= 65535
            ? parsed
            : throw new CliException(ExitCodes.Usage, $"ASH_PORT must be a port number between 1 and 65535, not '{variable}'");
    }

    // The address given, else ASH_HOST, else loopback.
    public static IPAddress HostFrom(string? given, CliEnvironment environment)
    {
        var host = given ?? environment.Variable("ASH_HOST") ?? DefaultHost;
        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new CliException(ExitCodes.Usage, $"ASH_HOST must be an IP address (e.g. {DefaultHost} or 0.0.0.0), not '{host}'");
    }

    // The server binds 127.0.0.1 by default; "localhost" could resolve to ::1 first and miss it.
    public static Uri LocalUrl(int port) => new(string.Create(CultureInfo.InvariantCulture, $"http://{DefaultHost}:{port}/"));

    // Where to reach a server listening on host: a wildcard address is reached over loopback.
    public static Uri UrlFor(IPAddress host, int port)
    {
        var reachable = host.Equals(IPAddress.Any) ? IPAddress.Loopback : host.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : host;
        return new UriBuilder("http", reachable.ToString(), port, "/").Uri;
    }
}
