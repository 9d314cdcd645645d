using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Directories;

/// <summary>Gives a tree to a sandbox uid without following symlinks the agent may have planted.</summary>
internal static class Ownership
{
    /// <summary>
    /// Gives the session's workspace and home to <paramref name="uid"/>. When they already belong to it (the
    /// uid it ran as last time, recorded in <see cref="SessionDirectories.OwnerRecord"/>), only their roots
    /// are touched: walking every file at each start costs the server CPU in proportion to what the sandbox
    /// stores, which a session restarted at will could turn against it (issue 12). Whatever the server puts
    /// into the tree as root (a restored snapshot, a fork's copy, moved files) <see cref="Forget"/>s the record.
    /// </summary>
    public static void GiveSession(SessionDirectories directories, int uid)
    {
        if (RecordedOwner(directories) == uid)
        {
            Change(directories.Workspace, uid);
            Change(directories.Home, uid);
            return;
        }

        Forget(directories);
        ChangeTree(directories.Workspace, uid);
        ChangeTree(directories.Home, uid);
        File.WriteAllText(directories.OwnerRecord, uid.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The uid the session's files all belong to, or null when that is not known.</summary>
    public static int? RecordedOwner(SessionDirectories directories) =>
        File.Exists(directories.OwnerRecord) && int.TryParse(File.ReadAllText(directories.OwnerRecord).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var uid)
            ? uid
            : null;

    /// <summary>The next start gives every file its owner again.</summary>
    public static void Forget(SessionDirectories directories) => File.Delete(directories.OwnerRecord);

    /// <summary>
    /// Called only while no process of the session runs (before its sandbox starts), so the tree cannot
    /// change underneath: links are neither followed nor descended into, only real entries change owner.
    /// </summary>
    public static void ChangeTree(string root, int uid)
    {
        Change(root, uid);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", options))
        {
            Change(entry, uid);
        }
    }

    public static void Change(string path, int uid)
    {
        if (LibC.LChown(path, (uint)uid, (uint)uid) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot change the owner of '{path}' to {uid}", new Win32Exception(errno));
        }
    }
}
