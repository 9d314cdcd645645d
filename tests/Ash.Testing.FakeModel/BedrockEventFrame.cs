using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Writes one Bedrock <c>chunk</c> event in the AWS event-stream framing: prelude (total length, headers length, CRC-32
/// of those eight bytes), headers (<c>:event-type: chunk</c>, <c>:content-type: application/json</c>,
/// <c>:message-type: event</c>), payload <c>{"bytes":"&lt;base64 of the event&gt;","p":"…"}</c>, CRC-32 of all before it.
/// </summary>
internal static class BedrockEventFrame
{
    private static readonly byte[] Headers = BuildHeaders();

    public static void WriteChunk(IBufferWriter<byte> output, ReadOnlySpan<byte> eventJson)
    {
        // Bedrock pads each payload with a "p" field of varying length; the reader must not rely on the length.
        var payload = Encoding.UTF8.GetBytes($"{{\"bytes\":\"{Convert.ToBase64String(eventJson)}\",\"p\":\"{new string('x', eventJson.Length % 7)}\"}}");
        var total = 12 + Headers.Length + payload.Length + 4;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)Headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.HashToUInt32(frame.AsSpan(0, 8)));
        Headers.CopyTo(frame, 12);
        payload.CopyTo(frame, 12 + Headers.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32.HashToUInt32(frame.AsSpan(0, total - 4)));
        output.Write(frame);
    }

    private static byte[] BuildHeaders()
    {
        var headers = new List<byte>();
        AddString(headers, ":event-type", "chunk");
        AddString(headers, ":content-type", "application/json");
        AddString(headers, ":message-type", "event");
        return [.. headers];
    }

    private static void AddString(List<byte> headers, string name, string value)
    {
        headers.Add((byte)name.Length);
        headers.AddRange(Encoding.ASCII.GetBytes(name));
        headers.Add(7);
        headers.Add((byte)(value.Length >> 8));
        headers.Add((byte)value.Length);
        headers.AddRange(Encoding.ASCII.GetBytes(value));
    }
}
