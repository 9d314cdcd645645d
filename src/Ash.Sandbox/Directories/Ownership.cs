using System.ComponentModel;
using System.Runtime.InteropServices;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Directories;

/// <summary>Gives a tree to a sandbox uid without following symlinks the agent may have planted.</summary>
internal static class Ownership
{
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
