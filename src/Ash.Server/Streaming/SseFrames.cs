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

    /// <summary>The event's UTF-8 data is copied as it is: the bytes the translator made are the bytes the client reads.</summary>
    public static void Write(PipeWriter writer, SessionEvent sessionEvent)
    {
        var data = sessionEvent.Data is { } bytes ? bytes.AsSpan() : "null"u8;
        var size = 32 + Encoding.UTF8.GetMaxByteCount(sessionEvent.Type.Length) + data.Length;
        var span = writer.GetSpan(size);
        var position = 0;
        position += Copy("id: "u8, span[position..]);
        Utf8Formatter.TryFormat(sessionEvent.Sequence, span[position..], out var written);
        position += written;
        position += Copy("\nevent: "u8, span[position..]);
        position += Encoding.UTF8.GetBytes(sessionEvent.Type, span[position..]);
        position += Copy("\ndata: "u8, span[position..]);
        position += Copy(data, span[position..]);
        position += Copy("\n\n"u8, span[position..]);
        writer.Advance(position);
    }

    /// <summary>A frame without an id: used for the terminal notice when a client is cut off.</summary>
    public static void WriteUnnumbered(PipeWriter writer, string type, byte[] data)
    {
        writer.Write("event: "u8);
        writer.Write(Encoding.UTF8.GetBytes(type));
        writer.Write("\ndata: "u8);
        writer.Write(data);
        writer.Write("\n\n"u8);
    }

    public static void WriteKeepAlive(PipeWriter writer) => writer.Write(KeepAliveFrame);

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source.CopyTo(destination);
        return source.Length;
    }
}
