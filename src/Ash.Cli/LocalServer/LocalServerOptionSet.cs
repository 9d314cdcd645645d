using System.CommandLine;

namespace Ash.Cli.LocalServer;

// The server's own flags on `start` and `serve` (--port, --host, --database, --allow-unlimited,
// --disk-volumes), passed
// on to it, so that what the server's documentation says works through the CLI too.
internal sealed class LocalServerOptionSet
{
    private readonly Option<int?> _port = LocalServerOptions.CreatePortOption();
    private readonly Option<string?> _host = LocalServerOptions.CreateHostOption();
    private readonly Option<string?> _database = LocalServerOptions.CreateDatabaseOption();
    private readonly Option<bool> _allowUnlimited = LocalServerOptions.CreateAllowUnlimitedOption();
    private readonly Option<bool?> _diskVolumes = LocalServerOptions.CreateDiskVolumesOption();

    public void AddTo(Command command)
    {
        command.Options.Add(_port);
        command.Options.Add(_host);
        command.Options.Add(_database);
        command.Options.Add(_allowUnlimited);
        command.Options.Add(_diskVolumes);
    }

    public LocalServerSettings Resolve(CliContext context)
    {
        var parse = context.ParseResult;
        return new LocalServerSettings(
            LocalServerOptions.HostFrom(parse.GetValue(_host), context.Environment),
            LocalServerOptions.PortFrom(parse.GetValue(_port), context.Environment),
            parse.GetValue(_database),
            parse.GetValue(_allowUnlimited),
            parse.GetValue(_diskVolumes),
            parse.GetValue(GlobalOptions.ApiKey));
    }
}
