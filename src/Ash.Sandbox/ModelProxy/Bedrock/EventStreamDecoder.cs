using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;

namespace Ash.Sandbox.ModelProxy.Bedrock;

/// <summary>Receives the Anthropic stream event (JSON) that one Bedrock <c>chunk</c> frame carries.</summary>
internal delegate void BedrockChunkHandler(ReadOnlySpan<byte> eventJson);

/// <summary>
/// Reads Bedrock's <c>invoke-with-response-stream</c> answer as it passes: the AWS event-stream framing
/// (https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream: a prelude of
/// total length, headers length and the prelude's CRC-32; the headers; the payload; the message's CRC-32), where each
/// <c>:event-type: chunk</c> frame's payload is <c>{"bytes":"&lt;base64 of one Anthropic stream event&gt;"}</c>.
/// </summary>
/// <remarks>
/// Frames up to <see cref="MaxFrameBytes"/> are held whole (they are a few hundred bytes: one event each); a larger
/// frame is skipped without being held, since no frame that large carries usage. A frame whose CRC does not match
/// ends the reading: after it the framing cannot be trusted, so the answer is passed on but no more usage is read.
/// </remarks>
internal sealed class EventStreamDecoder
{
    public const int MaxFrameBytes = 256 * 1024;

    private const int PreludeBytes = 12;
    private const int CrcBytes = 4;

    private readonly ArrayBufferWriter<byte> _frame = new(1024);
    private long _skipRemaining;
    private int _frameLength;

    /// <summary>True once the framing was found broken; nothing more is read.</summary>
    public bool Broken { get; private set; }

    public void Feed(ReadOnlySpan<byte> data, BedrockChunkHandler onChunk)
    {
        while (data.Length > 0 && !Broken)
        {
            if (_skipRemaining > 0)
            {
                var skipped = (int)Math.Min(_skipRemaining, data.Length);
                _skipRemaining -= skipped;
                data = data[skipped..];
                continue;
            }

            var wanted = (_frameLength == 0 ? PreludeBytes : _frameLength) - _frame.WrittenCount;
            var taken = Math.Min(wanted, data.Length);
            _frame.Write(data[..taken]);
            data = data[taken..];
            if (taken < wanted)
            {
                return;
            }

            if (_frameLength == 0)
            {
                ReadPrelude();
            }
            else
            {
                ReadFrame(_frame.WrittenSpan, onChunk);
                _frame.ResetWrittenCount();
                _frameLength = 0;
            }
        }
    }

    private void ReadPrelude()
    {
        var prelude = _frame.WrittenSpan;
        var total = BinaryPrimitives.ReadUInt32BigEndian(prelude);
        var headers = BinaryPrimitives.ReadUInt32BigEndian(prelude[4..]);
        if (Crc32.HashToUInt32(prelude[..8]) != BinaryPrimitives.ReadUInt32BigEndian(prelude[8..])
            || total < PreludeBytes + CrcBytes
            || headers > total - PreludeBytes - CrcBytes)
        {
            Broken = true;
            return;
        }

        if (total > MaxFrameBytes)
        {
            _skipRemaining = total - PreludeBytes;
            _frame.ResetWrittenCount();
            return;
        }

        _frameLength = (int)total;
    }

    private void ReadFrame(ReadOnlySpan<byte> frame, BedrockChunkHandler onChunk)
    {
        if (Crc32.HashToUInt32(frame[..^CrcBytes]) != BinaryPrimitives.ReadUInt32BigEndian(frame[^CrcBytes..]))
        {
            Broken = true;
            return;
        }

        var headersLength = (int)BinaryPrimitives.ReadUInt32BigEndian(frame[4..]);
        var headers = frame.Slice(PreludeBytes, headersLength);
        var payload = frame[(PreludeBytes + headersLength)..^CrcBytes];
        if (IsChunkEvent(headers))
        {
            ReadChunk(payload, onChunk);
        }
    }

    /// <summary>True for <c>:message-type: event</c> with <c>:event-type: chunk</c>; exceptions and other events carry no usage.</summary>
    private static bool IsChunkEvent(ReadOnlySpan<byte> headers)
    {
        var isEvent = false;
        var isChunk = false;
        while (headers.Length > 0)
        {
            int nameLength = headers[0];
            if (headers.Length < 2 + nameLength)
            {
                return false;
            }

            var name = headers.Slice(1, nameLength);
            var type = headers[1 + nameLength];
            headers = headers[(2 + nameLength)..];
            if (ValueLength(type, headers) is not { } length || length > headers.Length)
            {
                return false;
            }

            if (type == 7)
            {
                var value = headers[2..length];
                isEvent |= name.SequenceEqual(":message-type"u8) && value.SequenceEqual("event"u8);
                isChunk |= name.SequenceEqual(":event-type"u8) && value.SequenceEqual("chunk"u8);
            }

            headers = headers[length..];
        }

        return isEvent && isChunk;
    }

    /// <summary>The bytes a header value of <paramref name="type"/> takes (length prefix included), or null for an unknown type.</summary>
    private static int? ValueLength(byte type, ReadOnlySpan<byte> value) => type switch
    {
        0 or 1 => 0,
        2 => 1,
        3 => 2,
        4 => 4,
        5 or 8 => 8,
        9 => 16,
        6 or 7 => value.Length < 2 ? null : 2 + BinaryPrimitives.ReadUInt16BigEndian(value),
        _ => null,
    };

    private static void ReadChunk(ReadOnlySpan<byte> payload, BedrockChunkHandler onChunk)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBytes = reader.ValueTextEquals("bytes"u8);
                reader.Read();
                if (isBytes && reader.TokenType == JsonTokenType.String)
                {
                    onChunk(reader.GetBytesFromBase64());
                    return;
                }

                reader.Skip();
            }
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException)
        {
            // Not the chunk shape after all: the agent gets the bytes as they were; there is just no usage in them.
        }
    }
}
