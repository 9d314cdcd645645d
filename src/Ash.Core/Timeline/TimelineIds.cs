using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ash.Core.Timeline;

/// <summary>
/// A timeline entry's id: a name-based UUID (version 5 layout) of its session and sequence, so the same entry
/// has the same id on every read without being stored.
/// </summary>
public static class TimelineIds
{
    public static Guid For(Guid sessionId, long sequence)
    {
        Span<byte> name = stackalloc byte[24];
        sessionId.TryWriteBytes(name[..16], bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(name[16..], sequence);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(name, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
