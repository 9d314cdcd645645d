namespace Ash.Server.Hosting;

/// <summary>Top-level server settings (section <c>Ash</c>; <c>--port</c>, <c>--data</c>, <c>--host</c> on the command line).</summary>
public sealed class AshServerOptions
{
    public int Port { get; set; } = 4100;

    public string Host { get; set; } = "127.0.0.1";

    public string DataDirectory { get; set; } = "data";

    /// <summary>The database: a postgres:// URL (or Npgsql connection string), or a SQLite file; empty = SQLite in the data directory.</summary>
    public string? Database { get; set; }

    /// <summary>
    /// How long a write waits for a database lock held elsewhere before the request gets 503
    /// <c>database_busy</c> (<c>Ash__DatabaseBusyTimeout</c>): SQLite's write lock, PostgreSQL's <c>lock_timeout</c>.
    /// </summary>
    public TimeSpan DatabaseBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A key for tenant "default" (<c>ASH_API_KEY</c>), added at every start; when empty one is generated on first start.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The admin key (<c>ASH_ADMIN_KEY</c>): it alone reaches <c>/api/admin</c> (tenants and their keys). Empty =
    /// no admin API. At least 32 characters; it is no tenant's key.
    /// </summary>
    public string? AdminKey { get; set; }

    /// <summary>The roles this process plays (<c>--role api,sessions,sandbox-host</c>); empty = all of them.</summary>
    public string? Roles { get; set; }

    /// <summary>This sandbox host's node name (<c>--node</c>, <c>ASH_NODE</c>): its actor type is <c>sandbox-&lt;node&gt;</c>, a dotted name mapped as <c>NodeNames</c> says.</summary>
    public string? Node { get; set; }

    /// <summary>Largest accepted request body.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64L * 1024 * 1024;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
