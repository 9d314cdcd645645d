using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Ash.Testing.Server;

/// <summary>Builds tar.gz bundles entry by entry, malicious ones included (TarWriter takes any name).</summary>
public static class Bundles
{
    public static TarEntry File(string name, string text, UnixFileMode? mode = null) => File(name, Encoding.UTF8.GetBytes(text), mode);

    public static TarEntry File(string name, byte[] content, UnixFileMode? mode = null)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };
        if (mode is { } m)
        {
            entry.Mode = m;
        }

        return entry;
    }

    public static TarEntry Directory(string name) => new PaxTarEntry(TarEntryType.Directory, name);

    public static TarEntry Symlink(string name, string target) => new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target };

    public static TarEntry HardLink(string name, string target) => new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target };

    public static TarEntry CharacterDevice(string name, int major, int minor) =>
        new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor };

    public static TarEntry Fifo(string name) => new PaxTarEntry(TarEntryType.Fifo, name);

    public static byte[] Build(params TarEntry[] entries)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                tar.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    /// <summary>The entries of a tar.gz: name, type, link target, and content as text.</summary>
    public static List<(string Name, TarEntryType Type, string LinkName, string? Text)> Read(byte[] bundle)
    {
        var entries = new List<(string, TarEntryType, string, string?)>();
        using var gzip = new GZipStream(new MemoryStream(bundle), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            string? text = null;
            if (entry.DataStream is { } data)
            {
                using var content = new StreamReader(data, Encoding.UTF8);
                text = content.ReadToEnd();
            }

            entries.Add((entry.Name, entry.EntryType, entry.LinkName, text));
        }

        return entries;
    }
}
