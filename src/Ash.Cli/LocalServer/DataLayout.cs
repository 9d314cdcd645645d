namespace Ash.Cli.LocalServer;

// Files the CLI and a local server share inside the data directory.
internal sealed record DataLayout(string DataDirectory)
{
    // Written by the server on first start (mode 0600): the plaintext admin key.
    public string ApiKeyFile => Path.Combine(DataDirectory, "api-key");

    // Pid of the server that ash start or ash serve launched.
    public string PidFile => Path.Combine(DataDirectory, "server.pid");

    // Stdout and stderr of a background server, appended across starts.
    public string LogFile => Path.Combine(DataDirectory, "server.log");
}
