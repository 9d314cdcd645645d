using System.Globalization;
using Ash.Sandbox.Directories;

namespace Ash.Sandbox.Snapshots;

/// <summary>
/// Copies of sessions' files in a directory every sandbox host reaches, so a session stopped on one host
/// resumes on another (DESIGN.md §2, issue 5). A snapshot is a numbered generation,
/// <c>&lt;root&gt;/&lt;session&gt;/gen-N/{workspace,home}</c>, built under a staging name and renamed into place;
/// a host remembers which generation its own copy is (<c>snapshot-generation</c> in the session directory)
/// and restores only a newer one. Links are copied as links and never followed (<see cref="TreeCopier"/>),
/// and nothing here is reachable from a sandbox. The caller holds the session's volume mounted.
/// </summary>
internal sealed class SessionSnapshots(string root)
{
    private const string GenerationPrefix = "gen-";
    private const string LocalGenerationFile = "snapshot-generation";

    /// <summary>Saves the session's current files as the next generation and drops the older ones.</summary>
    public void Save(SessionDirectories session, Guid sessionId)
    {
        if (!Directory.Exists(session.Workspace))
        {
            return;
        }

        var directory = SessionDirectory(sessionId);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var generation = Latest(directory) + 1;
        var staging = Path.Combine(directory, $"{GenerationPrefix}{generation}.staging");
        DeleteIfExists(staging);
        TreeCopier.ForSessionTree.Copy(session.Workspace, Path.Combine(staging, "workspace"));
        if (Directory.Exists(session.Home))
        {
            TreeCopier.ForSessionTree.Copy(session.Home, Path.Combine(staging, "home"));
        }
        else
        {
            Directory.CreateDirectory(Path.Combine(staging, "home"));
        }

        Directory.Move(staging, Path.Combine(directory, GenerationPrefix + generation.ToString(CultureInfo.InvariantCulture)));
        WriteLocalGeneration(session, generation);
        foreach (var older in Generations(directory).Where(g => g < generation))
        {
            DeleteIfExists(Path.Combine(directory, GenerationPrefix + older.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Replaces the session's local files with the newest snapshot when that is newer than what this host has. Returns true when it did.</summary>
    public bool RestoreIfNewer(SessionDirectories session, Guid sessionId)
    {
        var directory = SessionDirectory(sessionId);
        var latest = Latest(directory);
        if (latest == 0 || (Directory.Exists(session.Workspace) && LocalGeneration(session) >= latest))
        {
            return false;
        }

        var source = Path.Combine(directory, GenerationPrefix + latest.ToString(CultureInfo.InvariantCulture));
        // On the session's volume, beside the workspace, so the moves below are renames.
        var staging = Path.Combine(session.Volume, "restore.staging");
        DeleteIfExists(staging);
        TreeCopier.ForSessionTree.Copy(Path.Combine(source, "workspace"), Path.Combine(staging, "workspace"));
        TreeCopier.ForSessionTree.Copy(Path.Combine(source, "home"), Path.Combine(staging, "home"));
        DeleteIfExists(session.Workspace);
        DeleteIfExists(session.Home);
        Directory.Move(Path.Combine(staging, "workspace"), session.Workspace);
        Directory.Move(Path.Combine(staging, "home"), session.Home);
        Directory.Delete(staging, recursive: true);
        WriteLocalGeneration(session, latest);
        return true;
    }

    public bool Exists(Guid sessionId) => Latest(SessionDirectory(sessionId)) > 0;

    public void Delete(Guid sessionId) => DeleteIfExists(SessionDirectory(sessionId));

    private string SessionDirectory(Guid sessionId) => Path.Combine(root, sessionId.ToString("D"));

    private static long Latest(string directory) => Generations(directory).DefaultIfEmpty(0).Max();

    private static IEnumerable<long> Generations(string directory)
    {
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateDirectories(directory, GenerationPrefix + "*"))
        {
            if (long.TryParse(Path.GetFileName(path).AsSpan(GenerationPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                yield return generation;
            }
        }
    }

    private static long LocalGeneration(SessionDirectories session)
    {
        var path = Path.Combine(session.Root, LocalGenerationFile);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var generation) ? generation : 0;
    }

    private static void WriteLocalGeneration(SessionDirectories session, long generation) =>
        File.WriteAllText(Path.Combine(session.Root, LocalGenerationFile), generation.ToString(CultureInfo.InvariantCulture));

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
