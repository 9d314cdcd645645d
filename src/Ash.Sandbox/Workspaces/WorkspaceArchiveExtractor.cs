using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Ash.Core.Errors;
using Ash.Core.Workspaces;

namespace Ash.Sandbox.Workspaces;

/// <summary>
/// Unpacks an uploaded tar.gz into a workspace in two phases. First every entry is checked and written
/// into a fresh staging directory that the agent cannot reach (root-owned, mode 0700, beside the
/// workspace in the session directory); any bad entry rejects the whole bundle and the workspace is
/// untouched. Only then are the staged entries renamed into the workspace.
/// <para>
/// Refused: absolute paths and "..", hard links, devices and FIFOs, links whose target is absolute or
/// climbs out of the workspace, entries written through a link (a link followed by "link/file"), more
/// than <see cref="WorkspaceOptions.MaxArchiveEntries"/> entries, and more than
/// <see cref="WorkspaceOptions.MaxArchiveBytes"/> decompressed bytes (a decompression bomb stops there,
/// whatever the headers claim). Owners and modes in the bundle are ignored: files become the sandbox
/// uid's, 0644 (0755 when any execute bit was set), directories 0755.
/// </para>
/// </summary>
internal sealed class WorkspaceArchiveExtractor(WorkspaceOptions options)
{
    // Room for tar headers (512 bytes each, plus PAX records for long names) on top of the file bytes.
    private const long HeaderAllowancePerEntry = 2048;
    private const int CopyBufferBytes = 81920;

    private int _entries;
    private long _bytes;
    private int _files;

    /// <summary>Unpacks <paramref name="bundle"/> into <paramref name="workspace"/>; returns how many files and links it held.</summary>
    /// <param name="sessionRoot">The root-owned directory that holds the workspace (the root of the session's volume): where staging happens.</param>
    public async Task<Result<int>> ExtractAsync(ConfinedDirectory workspace, string sessionRoot, Stream bundle, CancellationToken cancellationToken)
    {
        if (bundle.CanSeek && !HasGzipMagic(bundle))
        {
            return AshError.Validation("The bundle is not gzip data (a tar.gz is expected)", "invalid_bundle");
        }

        var (stagingParent, stagingName) = CreateStaging(workspace, sessionRoot);
        try
        {
            using var staging = workspace.Adopt(ConfinedDirectory.OpenBeneath(stagingParent.Handle, stagingName, FileSystemCalls.ReadOnly | FileSystemCalls.Directory));
            try
            {
                await UnpackAsync(staging, bundle, cancellationToken);
                CheckConflicts(staging.Handle, workspace.Handle, string.Empty);
            }
            catch (ArchiveRejectedException rejected)
            {
                return rejected.Error;
            }
            catch (WorkspaceIOException exception) when (WorkspaceErrors.IsNoSpace(exception))
            {
                return WorkspaceErrors.NoSpace();
            }

            Merge(staging.Handle, workspace.Handle, string.Empty);
            return _files;
        }
        finally
        {
            try
            {
                TreeRemover.Remove(stagingParent.Handle, stagingName, FileKind.Directory);
            }
            finally
            {
                if (!ReferenceEquals(stagingParent, workspace))
                {
                    stagingParent.Dispose();
                }
            }
        }
    }

    private static bool HasGzipMagic(Stream bundle)
    {
        Span<byte> magic = stackalloc byte[2];
        var start = bundle.Position;
        var read = bundle.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        bundle.Position = start;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    /// <summary>
    /// A new root-owned 0700 directory beside the workspace, on the workspace's file system so the
    /// final renames work; when the workspace is a mount of its own, inside the workspace instead (still
    /// root-owned 0700, so the agent cannot enter it, and used only through descriptors).
    /// </summary>
    private static (ConfinedDirectory Parent, string Name) CreateStaging(ConfinedDirectory workspace, string sessionRoot)
    {
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var parent = ConfinedDirectory.OpenRoot(sessionRoot);
        string name;
        if (parent is not null && parent.Device == workspace.Device)
        {
            name = "upload-" + suffix;
        }
        else
        {
            parent?.Dispose();
            parent = workspace;
            name = ".ash-upload-" + suffix;
        }

        if (FileSystemCalls.MkdirAt(parent.Handle.Descriptor, name, Permissions.OwnerOnlyDirectory) != 0)
        {
            var errno = FileSystemCalls.LastError;
            if (!ReferenceEquals(parent, workspace))
            {
                parent.Dispose();
            }

            throw new WorkspaceIOException(errno, "mkdir", name);
        }

        return (parent, name);
    }

    private async Task UnpackAsync(ConfinedDirectory staging, Stream bundle, CancellationToken cancellationToken)
    {
        var decompressedLimit = options.MaxArchiveBytes + (options.MaxArchiveEntries * HeaderAllowancePerEntry) + (1024 * 1024);
        await using var gzip = new GZipStream(bundle, CompressionMode.Decompress, leaveOpen: true);
        await using var limited = new LimitedReadStream(gzip, decompressedLimit);
        await using var reader = new TarReader(limited, leaveOpen: true);
        while (await NextEntryAsync(reader, cancellationToken) is { } entry)
        {
            if (entry.EntryType == TarEntryType.GlobalExtendedAttributes)
            {
                continue;
            }

            if (++_entries > options.MaxArchiveEntries)
            {
                throw ArchiveRejectedException.TooLarge($"The bundle holds more than {options.MaxArchiveEntries} entries");
            }

            var path = EntryPath(entry);
            try
            {
                await UnpackEntryAsync(staging, entry, path, cancellationToken);
            }
            catch (WorkspaceIOException exception) when (exception.Errno is FileSystemCalls.ELOOP or FileSystemCalls.EXDEV)
            {
                throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' would be written through a link", "unsafe_entry");
            }
            catch (WorkspaceIOException exception) when (exception.Errno is FileSystemCalls.ENOTDIR or FileSystemCalls.EISDIR or FileSystemCalls.ENOTEMPTY)
            {
                throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' clashes with an earlier entry (a file where a directory is, or the reverse)");
            }
            catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException)
            {
                // The compressed stream broke off or went bad inside this entry's data.
                throw ArchiveRejectedException.Invalid($"The bundle is not a valid tar.gz: {exception.Message}");
            }
        }
    }

    private static async Task<TarEntry?> NextEntryAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken);
        }
        catch (Exception exception) when (exception is InvalidDataException or EndOfStreamException or NotSupportedException
            or FormatException or OverflowException or ArgumentException or InvalidOperationException)
        {
            // What TarReader and GZipStream throw for malformed input (an oversized PAX header is an InvalidOperationException).
            throw ArchiveRejectedException.Invalid($"The bundle is not a valid tar.gz: {exception.Message}");
        }
    }

    /// <summary>The entry's normalized relative path ("" for the archive's own "./").</summary>
    private string EntryPath(TarEntry entry)
    {
        var normalized = WorkspacePath.Normalize(entry.Name, allowRoot: true);
        if (!normalized.IsSuccess)
        {
            throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' is refused: {normalized.Error.Message}", "unsafe_entry");
        }

        if (normalized.Value.Count(c => c == '/') >= options.MaxArchiveDepth)
        {
            throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' is nested deeper than {options.MaxArchiveDepth} directories", "unsafe_entry");
        }

        return normalized.Value;
    }

    private async Task UnpackEntryAsync(ConfinedDirectory staging, TarEntry entry, string path, CancellationToken cancellationToken)
    {
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                staging.EnsureDirectory(path).Dispose();
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile when path.Length > 0:
                await UnpackFileAsync(staging, entry, path, cancellationToken);
                return;
            case TarEntryType.SymbolicLink when path.Length > 0:
                UnpackLink(staging, entry, path);
                return;
            case TarEntryType.HardLink:
                throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' is a hard link; hard links are not accepted", "unsafe_link");
            default:
                throw ArchiveRejectedException.Invalid(
                    $"Entry '{entry.Name}' is a {entry.EntryType}; only files, directories and symbolic links are accepted", "unsupported_entry");
        }
    }

    private async Task UnpackFileAsync(ConfinedDirectory staging, TarEntry entry, string path, CancellationToken cancellationToken)
    {
        if (entry.Length > options.MaxArchiveBytes - _bytes)
        {
            throw ArchiveRejectedException.TooLarge($"The files of the bundle add up to more than {options.MaxArchiveBytes} bytes");
        }

        var (parentPath, name) = ConfinedDirectory.Split(path);
        using var parent = staging.EnsureDirectory(parentPath);
        var executable = ((uint)entry.Mode & Permissions.AnyExecute) != 0;
        using var handle = ConfinedDirectory.OpenBeneath(
            parent, name, FileSystemCalls.WriteOnly | FileSystemCalls.Create | FileSystemCalls.Truncate, Permissions.OwnerOnlyFile);
        staging.GiveToOwner(handle, executable ? Permissions.ExecutableFile : Permissions.File);
        if (entry.DataStream is not { } data)
        {
            _files++;
            return;
        }

        using var file = handle.ToFileHandle();
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long offset = 0;
            int read;
            while ((read = await data.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
            {
                // Counted as written, not as declared: the bound holds even for entries that expand (sparse files).
                _bytes += read;
                if (_bytes > options.MaxArchiveBytes)
                {
                    throw ArchiveRejectedException.TooLarge($"The files of the bundle add up to more than {options.MaxArchiveBytes} bytes");
                }

                await RandomAccess.WriteAsync(file, buffer.AsMemory(0, read), offset, cancellationToken);
                offset += read;
            }
        }
        catch (IOException exception) when (WorkspaceErrors.IsNoSpace(exception) && exception is not WorkspaceIOException)
        {
            throw new WorkspaceIOException(exception.HResult, "write", path);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _files++;
    }

    /// <summary>
    /// Creates a link whose target stays inside the workspace when read from the link's directory. The
    /// server itself never follows links; this keeps a bundle from planting links that only make sense
    /// outside the sandbox.
    /// </summary>
    private void UnpackLink(ConfinedDirectory staging, TarEntry entry, string path)
    {
        var target = entry.LinkName;
        var (parentPath, name) = ConfinedDirectory.Split(path);
        if (!StaysInside(parentPath, target))
        {
            throw ArchiveRejectedException.Invalid($"Entry '{entry.Name}' is a link to '{target}', outside the workspace", "unsafe_link");
        }

        using var parent = staging.EnsureDirectory(parentPath);
        if (FileStatus.TryReadAt(parent, name, out var existing, out _))
        {
            TreeRemover.Remove(parent, name, existing.Kind);
        }

        if (FileSystemCalls.SymlinkAt(target, parent.Descriptor, name) != 0)
        {
            throw new WorkspaceIOException(FileSystemCalls.LastError, "symlink", path);
        }

        if (FileSystemCalls.FChownAt(parent.Descriptor, name, staging.Owner, staging.Group, FileSystemCalls.AtSymlinkNoFollow) != 0)
        {
            throw new WorkspaceIOException(FileSystemCalls.LastError, "chown", path);
        }

        _files++;
    }

    private static bool StaysInside(string linkDirectory, string target)
    {
        if (string.IsNullOrEmpty(target) || target.StartsWith('/') || target.Contains('\0', StringComparison.Ordinal))
        {
            return false;
        }

        var depth = linkDirectory.Length == 0 ? 0 : linkDirectory.Count(c => c == '/') + 1;
        foreach (var segment in target.Split('/'))
        {
            depth += segment switch
            {
                "" or "." => 0,
                ".." => -1,
                _ => 1,
            };
            if (depth < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Before anything moves: a staged file or link where the workspace has a directory cannot be
    /// renamed into place, so the whole bundle is refused instead of being half applied.
    /// </summary>
    private static void CheckConflicts(WorkspaceHandle source, WorkspaceHandle destination, string path)
    {
        foreach (var entry in DirectoryEntries.Read(source))
        {
            if (!FileStatus.TryReadAt(destination, entry.Name, out var existing, out _) || existing.Kind != FileKind.Directory)
            {
                continue;
            }

            var entryPath = WorkspacePath.Join(path, entry.Name);
            if (entry.Kind != FileKind.Directory)
            {
                throw ArchiveRejectedException.Invalid($"'{entryPath}' is a directory in the workspace but not in the bundle", "workspace_conflict");
            }

            if (ConfinedDirectory.TryOpenBeneath(destination, entry.Name, FileSystemCalls.ReadOnly | FileSystemCalls.Directory, 0, out var into, out _))
            {
                using (into)
                using (var from = ConfinedDirectory.OpenBeneath(source, entry.Name, FileSystemCalls.ReadOnly | FileSystemCalls.Directory))
                {
                    CheckConflicts(from, into, entryPath);
                }
            }
        }
    }

    /// <summary>
    /// Renames the staged entries into the workspace. A directory that does not exist there moves whole;
    /// one that does is merged into; a file or link replaces what is there (a link in the workspace is
    /// replaced, never written through). A directory in the bundle replaces a file or link of the same name, as tar does.
    /// </summary>
    private static void Merge(WorkspaceHandle source, WorkspaceHandle destination, string path)
    {
        foreach (var entry in DirectoryEntries.Read(source))
        {
            var entryPath = WorkspacePath.Join(path, entry.Name);
            var exists = FileStatus.TryReadAt(destination, entry.Name, out var existing, out _);
            if (entry.Kind == FileKind.Directory && exists && existing.Kind == FileKind.Directory
                && ConfinedDirectory.TryOpenBeneath(destination, entry.Name, FileSystemCalls.ReadOnly | FileSystemCalls.Directory, 0, out var into, out _))
            {
                using (into)
                using (var from = ConfinedDirectory.OpenBeneath(source, entry.Name, FileSystemCalls.ReadOnly | FileSystemCalls.Directory))
                {
                    Merge(from, into, entryPath);
                }

                continue;
            }

            if (entry.Kind == FileKind.Directory && exists && existing.Kind != FileKind.Directory)
            {
                TreeRemover.Remove(destination, entry.Name, existing.Kind);
            }

            if (FileSystemCalls.RenameAt(source.Descriptor, entry.Name, destination.Descriptor, entry.Name) != 0)
            {
                throw new WorkspaceIOException(FileSystemCalls.LastError, "rename", entryPath);
            }
        }
    }
}
