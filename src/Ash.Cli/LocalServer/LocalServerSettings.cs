using System.Net;

namespace Ash.Cli.LocalServer;

// How `start` and `serve` run the server: where it listens, what it stores in, its key.
// ApiKey: --api-key, which becomes the server's ASH_API_KEY (null: the environment's, or a generated key).
internal sealed record LocalServerSettings(IPAddress Host, int Port, string? Database, bool AllowUnlimited, bool? DiskVolumes, string? ApiKey)
{
    // Where the CLI reaches it.
    public Uri Url => LocalServerOptions.UrlFor(Host, Port);
}
