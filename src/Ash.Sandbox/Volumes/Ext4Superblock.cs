using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Ash.Sandbox.Volumes;

/// <summary>
/// The few fields of an ext4 superblock (1024 bytes at offset 1024) that volumes need: the counts a
/// freshly formatted image reports, and its identity. A volume is a copy of a formatted template, so
/// each copy gets its own UUID and directory-hash seed. That is safe to rewrite only because templates
/// are formatted with <c>metadata_csum_seed</c> (the checksums of every other structure then use a seed
/// stored in the superblock, not the UUID); the superblock's own CRC32C is recomputed.
/// </summary>
internal sealed class Ext4Superblock
{
    private const int Offset = 1024;
    private const int Size = 1024;
    private const ushort Magic = 0xEF53;
    private const uint IncompatibleChecksumSeed = 0x2000;
    private const uint ReadOnlyCompatibleMetadataChecksum = 0x400;
    private const int ChecksumOffset = 0x3FC;

    private readonly byte[] _bytes;

    private Ext4Superblock(byte[] bytes) => _bytes = bytes;

    public long InodesCount => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(0x00));

    public long BlocksCount => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(0x04)) | ((long)BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(0x150)) << 32);

    public long FreeBlocks => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(0x0C)) | ((long)BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(0x158)) << 32);

    public Guid Uuid => new(_bytes.AsSpan(0x68, 16), bigEndian: true);

    /// <summary>Blocks a writer can fill once mounted: free blocks less what ext4 reserves for itself (<see cref="VolumeProfile.Reserved"/>).</summary>
    public long AvailableBlocks => FreeBlocks - VolumeProfile.Reserved(BlocksCount);

    public static Ext4Superblock Read(string image)
    {
        using var file = File.OpenHandle(image, FileMode.Open, FileAccess.Read);
        return new Ext4Superblock(ReadBytes(file, image));
    }

    /// <summary>Gives the image in <paramref name="file"/> a new random UUID and directory-hash seed.</summary>
    public static void GiveNewIdentity(SafeFileHandle file, string image)
    {
        var bytes = ReadBytes(file, image);

        var incompatible = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x60));
        var readOnlyCompatible = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(0x64));
        if ((incompatible & IncompatibleChecksumSeed) == 0 || (readOnlyCompatible & ReadOnlyCompatibleMetadataChecksum) == 0)
        {
            throw new VolumeException($"'{image}' was not formatted with metadata_csum_seed: its UUID cannot change");
        }

        RandomNumberGenerator.Fill(bytes.AsSpan(0x68, 16)); // s_uuid
        RandomNumberGenerator.Fill(bytes.AsSpan(0xEC, 16)); // s_hash_seed
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ChecksumOffset), Checksum(bytes.AsSpan(0, ChecksumOffset)));
        RandomAccess.Write(file, bytes, Offset);
    }

    private static byte[] ReadBytes(SafeFileHandle file, string image)
    {
        var bytes = new byte[Size];
        if (RandomAccess.Read(file, bytes, Offset) != Size || BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(0x38)) != Magic)
        {
            throw new VolumeException($"'{image}' holds no ext4 file system");
        }

        return bytes;
    }

    /// <summary>ext4_superblock_csum: CRC32C seeded with ~0, stored without the final inversion.</summary>
    internal static uint Checksum(ReadOnlySpan<byte> bytes)
    {
        var crc = uint.MaxValue;
        var words = bytes.Length / sizeof(ulong);
        for (var i = 0; i < words; i++)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * sizeof(ulong))..]));
        }

        for (var i = words * sizeof(ulong); i < bytes.Length; i++)
        {
            crc = BitOperations.Crc32C(crc, bytes[i]);
        }

        return crc;
    }
}
