using System.Runtime.InteropServices;
using System.Text;

namespace Ash.Sandbox.Workspaces;

/// <summary>One name in a directory and what it is (never followed: a link is a link).</summary>
internal readonly record struct DirectoryEntry(string Name, FileKind Kind);

/// <summary>Reads a directory through its descriptor (fdopendir/readdir), so the listing is of exactly the directory that was opened.</summary>
internal static class DirectoryEntries
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The entries of <paramref name="directory"/>, sorted by name, without "." and "..". Names that are
    /// not valid UTF-8 are left out: no JSON path could name them. At most <paramref name="limit"/> are
    /// read (the agent can fill a directory with millions of names).
    /// </summary>
    public static unsafe List<DirectoryEntry> Read(WorkspaceHandle directory, int limit = int.MaxValue)
    {
        // fdopendir takes over the descriptor it is given: hand it a new one of the same directory.
        var own = ConfinedDirectory.OpenBeneath(directory, string.Empty, FileSystemCalls.ReadOnly | FileSystemCalls.Directory);
        var stream = FileSystemCalls.FdOpenDir(own.Descriptor);
        if (stream == 0)
        {
            var errno = FileSystemCalls.LastError;
            own.Dispose();
            throw new WorkspaceIOException(errno, "fdopendir");
        }

        own.SetHandleAsInvalid();
        var entries = new List<DirectoryEntry>();
        try
        {
            while (entries.Count < limit)
            {
                var entry = (byte*)FileSystemCalls.ReadDir(stream);
                if (entry is null)
                {
                    var errno = FileSystemCalls.LastError;
                    if (errno != 0)
                    {
                        throw new WorkspaceIOException(errno, "readdir");
                    }

                    break;
                }

                // struct dirent (glibc, 64-bit): d_ino @0, d_off @8, d_reclen @16, d_type @18, d_name @19.
                var name = new ReadOnlySpan<byte>(entry + 19, 256);
                name = name[..name.IndexOf((byte)0)];
                if (name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))
                {
                    continue;
                }

                string text;
                try
                {
                    text = StrictUtf8.GetString(name);
                }
                catch (DecoderFallbackException)
                {
                    continue;
                }

                var kind = entry[18] switch
                {
                    8 => FileKind.Regular,
                    4 => FileKind.Directory,
                    10 => FileKind.SymbolicLink,
                    0 => FileStatus.TryReadAt(directory, text, out var status, out _) ? status.Kind : FileKind.Other, // DT_UNKNOWN
                    _ => FileKind.Other,
                };
                entries.Add(new DirectoryEntry(text, kind));
            }
        }
        finally
        {
            FileSystemCalls.CloseDir(stream);
        }

        entries.Sort((left, right) => string.CompareOrdinal(left.Name, right.Name));
        return entries;
    }
}
