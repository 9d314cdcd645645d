using System.Security.Cryptography;
using System.Text;
using Ash.Sandbox.Native;

namespace Ash.Sandbox.Agents;

/// <summary>
/// Copies an agent folder the way a session's workspace is seeded from it: regular files and directories
/// only (symbolic links, devices, FIFOs and sockets are left out, so nothing outside the folder and nothing
/// that blocks is read), without <c>.git</c> and <c>node_modules</c>, and without <c>.env</c> and <c>.env.*</c> files
/// (secrets, as the CLI and SDKs leave them out of an upload: never copied into a session's workspace); and names a copied tree by the SHA-256
/// of its contents (paths, the owner-execute bit, bytes).
/// </summary>
internal static class AgentFolderCopy
{
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "node_modules" };

    public static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos())
        {
            var destination = Path.Combine(target, entry.Name);
            try
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                switch (entry)
                {
                    case DirectoryInfo directory when !SkippedDirectories.Contains(directory.Name):
                        Copy(directory.FullName, destination);
                        break;
                    case FileInfo file when !IsEnvFile(file.Name) && LibC.IsRegularFile(file.FullName):
                        file.CopyTo(destination, overwrite: true);
                        break;
                }
            }
            catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
            {
                // Removed since it was listed: not part of the copy.
            }
        }
    }

    private static bool IsEnvFile(string name) => name == ".env" || name.StartsWith(".env.", StringComparison.Ordinal);

    /// <summary>The content id of the tree at <paramref name="root"/> (which this process wrote: no links in it).</summary>
    public static string ContentId(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var entries = Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: Path.GetRelativePath(root, path).Replace('\\', '/')))
            .OrderBy(entry => entry.Relative, StringComparer.Ordinal);
        Span<byte> length = stackalloc byte[8];
        var buffer = new byte[64 * 1024];
        foreach (var (path, relative) in entries)
        {
            var isDirectory = Directory.Exists(path);
            hash.AppendData(Encoding.UTF8.GetBytes((isDirectory ? "d\0" : "f\0") + relative + "\0"));
            if (isDirectory)
            {
                continue;
            }

            var executable = (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
            hash.AppendData(executable ? "x"u8 : "-"u8);
            using var stream = File.OpenRead(path);
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(length, stream.Length);
            hash.AppendData(length);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
