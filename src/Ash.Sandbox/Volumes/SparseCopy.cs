using System.Buffers;
using Ash.Sandbox.Workspaces;
using Microsoft.Win32.SafeHandles;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// Copies an image file's data and leaves its holes holes (lseek SEEK_DATA/SEEK_HOLE): a formatted
/// template of several GiB holds ~150 KiB of data, so a copy takes well under a millisecond.
/// </summary>
internal static class SparseCopy
{
    /// <summary>Creates <paramref name="target"/> (it must not exist) as a sparse copy of <paramref name="source"/> and returns it open for writing.</summary>
    public static SafeFileHandle Copy(string source, string target)
    {
        using var from = File.OpenHandle(source, FileMode.Open, FileAccess.Read);
        var to = CreateOwnerOnly(target);
        var buffer = ArrayPool<byte>.Shared.Rent(1024 * 1024);
        try
        {
            var length = RandomAccess.GetLength(from);
            var descriptor = (int)from.DangerousGetHandle();
            var position = 0L;
            while (position < length)
            {
                var data = VolumeCalls.Seek(descriptor, position, VolumeCalls.SeekData);
                if (data < 0)
                {
                    break; // ENXIO: only a hole remains
                }

                var hole = VolumeCalls.Seek(descriptor, data, VolumeCalls.SeekHole);
                if (hole < 0)
                {
                    hole = length;
                }

                for (var offset = data; offset < hole;)
                {
                    var read = RandomAccess.Read(from, buffer.AsSpan(0, (int)Math.Min(buffer.Length, hole - offset)), offset);
                    if (read == 0)
                    {
                        break;
                    }

                    RandomAccess.Write(to, buffer.AsSpan(0, read), offset);
                    offset += read;
                }

                position = hole;
            }

            RandomAccess.SetLength(to, length);
            return to;
        }
        catch
        {
            to.Dispose();
            File.Delete(target);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A new file only root can read (an image holds a session's files), open for reading and writing.</summary>
    public static SafeFileHandle CreateOwnerOnly(string path)
    {
        const int CreateExclusive = 0x40 | 0x80;
        var descriptor = VolumeCalls.Open(path, VolumeCalls.ReadWrite | CreateExclusive, 0b110_000_000);
        return descriptor >= 0
            ? new SafeFileHandle(descriptor, ownsHandle: true)
            : throw new IOException($"'{path}' cannot be created: {VolumeCalls.Describe(FileSystemCalls.LastError)}");
    }
}
