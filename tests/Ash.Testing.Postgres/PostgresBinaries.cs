using System.Globalization;

namespace Ash.Testing.Postgres;

/// <summary>Where initdb and pg_ctl are: on PATH, else in Debian's /usr/lib/postgresql/&lt;version&gt;/bin, newest first.</summary>
internal sealed record PostgresBinaries(string InitDb, string PgCtl)
{
    private const string DebianRoot = "/usr/lib/postgresql";

    public static PostgresBinaries Find()
    {
        var onPath = FindOnPath("initdb") is { } initDb && FindOnPath("pg_ctl") is { } pgCtl && FindOnPath("postgres") is not null
            ? new PostgresBinaries(initDb, pgCtl)
            : null;
        if (onPath is not null)
        {
            return onPath;
        }

        var versions = Directory.Exists(DebianRoot)
            ? Directory.GetDirectories(DebianRoot).OrderByDescending(VersionOf).ToList()
            : [];
        foreach (var version in versions)
        {
            var bin = Path.Combine(version, "bin");
            if (File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")) && File.Exists(Path.Combine(bin, "postgres")))
            {
                return new PostgresBinaries(Path.Combine(bin, "initdb"), Path.Combine(bin, "pg_ctl"));
            }
        }

        throw new InvalidOperationException(
            $"PostgreSQL is not installed: initdb, pg_ctl and postgres are neither on PATH nor under {DebianRoot}/*/bin. Install it with 'apt-get install postgresql'.");
    }

    internal static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static Version VersionOf(string directory)
    {
        var name = Path.GetFileName(directory);
        return Version.TryParse(name.Contains('.', StringComparison.Ordinal) ? name : name + ".0", out var version)
            ? version
            : new Version(0, 0);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"initdb={InitDb}, pg_ctl={PgCtl}");
}
