using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text;
using Ash.Core.Events;

namespace Ash.Server.Streaming;

/// <summary>Writes SSE frames straight into the response pipe: <c>id</c>, <c>event</c>, one-line <c>data</c>.</summary>
internal static class SseFrames
{
    private static readonly byte[] KeepAliveFrame = ": keepalive\n\n"u8.ToArray();

    public static void Write(PipeWriter writer, SessionEvent sessionEvent)
    {
        var data = sessionEvent.Data ?? "null";
        var size = 32 + sessionEvent.Type.Length + Encoding.UTF8.GetMaxByteCount(data.Length);
        var span = writer.GetSpan(size);
        var position = 0;
        position += Copy("id: "u8, span[position..]);
        Utf8Formatter.TryFormat(sessionEvent.Sequence, span[position..], out var written);
        position += written;
        position += Copy("\nevent: "u8, span[position..]);
        position += Encoding.UTF8.GetBytes(sessionEvent.Type, span[position..]);
        position += Copy("\ndata: "u8, span[position..]);
        position += Encoding.UTF8.GetBytes(data, span[position..]);
        position += Copy("\n\n"u8, span[position..]);
        writer.Advance(position);
    }

    /// <summary>A frame without an id: used for the terminal notice when a client is cut off.</summary>
    public static void WriteUnnumbered(PipeWriter writer, string type, string data)
    {
        var frame = Encoding.UTF8.GetBytes($"event: {type}\ndata: {data}\n\n");
        writer.Write(frame);
    }

    public static void WriteKeepAlive(PipeWriter writer) => writer.Write(KeepAliveFrame);

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
