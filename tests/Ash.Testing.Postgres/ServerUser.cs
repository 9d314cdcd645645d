using System.Diagnostics;
using System.Globalization;

namespace Ash.Testing.Postgres;

/// <summary>
/// The unprivileged account the server runs as when tests run as root, since initdb and postgres refuse
/// root: the postgres system user when it exists, else nobody.
/// </summary>
internal sealed record ServerUser(string Name, int Uid, int Gid)
{
    /// <summary>Null when this process is not root and so can run the tools itself.</summary>
    public static ServerUser? ForThisProcess()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        var accounts = File.ReadAllLines("/etc/passwd");
        return Find(accounts, "postgres") ?? Find(accounts, "nobody")
            ?? throw new InvalidOperationException("Running as root, but /etc/passwd has neither a 'postgres' nor a 'nobody' user to run PostgreSQL as.");
    }

    /// <summary>A start of <paramref name="tool"/> as this user: through setpriv, or runuser where setpriv is missing.</summary>
    public ProcessStartInfo Wrap(string tool, IReadOnlyList<string> arguments)
    {
        ProcessStartInfo start;
        if (PostgresBinaries.FindOnPath("setpriv") is { } setpriv)
        {
            start = new ProcessStartInfo(setpriv);
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--reuid={Uid}"));
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"--regid={Gid}"));
            start.ArgumentList.Add("--clear-groups");
        }
        else
        {
            start = new ProcessStartInfo(PostgresBinaries.FindOnPath("runuser") ?? "/usr/sbin/runuser");
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(Name);
        }

        start.ArgumentList.Add("--");
        start.ArgumentList.Add(tool);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private static ServerUser? Find(string[] accounts, string name)
    {
        foreach (var line in accounts)
        {
            var fields = line.Split(':');
            if (fields.Length >= 4 && fields[0] == name
                && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
                && int.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid))
            {
                return new ServerUser(name, uid, gid);
            }
        }

        return null;
    }
}
