using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Streams a workspace as tar.gz: directories, regular files, and links stored as links (unlike Ash's
/// <c>tar -h</c>, which copies whatever a link points to, host files included). Nothing is buffered
/// whole: each file is copied from its descriptor as the archive is written. <paramref name="lease"/>,
/// disposed with it, keeps the workspace's volume mounted until the download ends.
/// </summary>
internal sealed class WorkspaceArchiveWriter(ConfinedDirectory root, IDisposable? lease = null) : IWorkspaceArchive
{
    public async Task WriteTarGzAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true);
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.Count > 0)
        {
            var directoryPath = pending.Pop();
            if (!root.TryOpenDirectory(directoryPath, out var directory, out _))
            {
                continue;
            }

            using (directory)
            {
                var entries = DirectoryEntries.Read(directory);
                var subdirectories = new List<string>();
                foreach (var entry in entries)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var path = WorkspacePath.Join(directoryPath, entry.Name);
                    switch (entry.Kind)
                    {
                        case FileKind.Directory when !WorkspaceLister.SkippedDirectories.Contains(entry.Name):
                            if (FileStatus.TryReadAt(directory, entry.Name, out var status, out _) && status.Kind == FileKind.Directory)
                            {
                                await tar.WriteEntryAsync(Entry(TarEntryType.Directory, path + "/", status), cancellationToken);
                                subdirectories.Add(path);
                            }

                            break;
                        case FileKind.Regular:
                            await WriteFileAsync(tar, directory, entry.Name, path, cancellationToken);
                            break;
                        case FileKind.SymbolicLink:
                            await WriteLinkAsync(tar, directory, entry.Name, path, cancellationToken);
                            break;
                        default:
                            break; // FIFOs, sockets, devices: no content to give
                    }
                }

                for (var i = subdirectories.Count - 1; i >= 0; i--)
                {
                    pending.Push(subdirectories[i]);
                }
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        root.Dispose();
        lease?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static async Task WriteFileAsync(TarWriter tar, WorkspaceHandle directory, string name, string path, CancellationToken cancellationToken)
    {
        // Non-blocking, and kept only if the opened descriptor is a regular file: a FIFO swapped in cannot stall the download.
        if (!ConfinedDirectory.TryOpenBeneath(directory, name, FileSystemCalls.ReadOnly | FileSystemCalls.NonBlocking, 0, out var handle, out _))
        {
            return;
        }

        FileStatus status;
        try
        {
            status = FileStatus.Of(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        if (status.Kind != FileKind.Regular)
        {
            handle.Dispose();
            return;
        }

        await using var content = new FixedLengthFileStream(handle.ToFileHandle(), status.Size);
        var entry = Entry(TarEntryType.RegularFile, path, status);
        entry.DataStream = content;
        await tar.WriteEntryAsync(entry, cancellationToken);
    }

    private static async Task WriteLinkAsync(TarWriter tar, WorkspaceHandle directory, string name, string path, CancellationToken cancellationToken)
    {
        if (!FileStatus.TryReadAt(directory, name, out var status, out _) || status.Kind != FileKind.SymbolicLink
            || ReadLink(directory, name) is not { } target)
        {
            return;
        }

        var entry = Entry(TarEntryType.SymbolicLink, path, status);
        entry.LinkName = target;
        await tar.WriteEntryAsync(entry, cancellationToken);
    }

    private static unsafe string? ReadLink(WorkspaceHandle directory, string name)
    {
        const int Size = 4096;
        var buffer = stackalloc byte[Size];
        var length = FileSystemCalls.ReadLinkAt(directory.Descriptor, name, buffer, Size);
        if (length <= 0 || length >= Size)
        {
            return null;
        }

        var target = new ReadOnlySpan<byte>(buffer, (int)length);
        return target.Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(target) ? null : Encoding.UTF8.GetString(target);
    }

    private static PaxTarEntry Entry(TarEntryType type, string path, FileStatus status) => new(type, path)
    {
        Mode = (UnixFileMode)(status.Permissions & Permissions.All),
        ModificationTime = status.ModifiedAt,
    };
}
