using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Ash.Sandbox.ModelProxy.Bedrock;

namespace Ash.Sandbox.Tests.ModelProxy.Bedrock;

public sealed class EventStreamDecoderTests
{
    /// <summary>
    /// Three frames built by <c>event_stream_vector.py</c> in this folder with zlib's CRC-32 and read back by botocore's
    /// event-stream parser: a <c>chunk</c> holding a <c>message_start</c>, an exception frame, a <c>chunk</c> holding a
    /// <c>message_delta</c>.
    /// </summary>
    internal const string Stream =
        "000001de0000004b79b555ec0b3a6576656e742d747970650700056368756e6b0d3a636f6e74656e742d747970650700106170706c696361" +
        "74696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b226279746573223a2265794a306558426c496a6f69625756" +
        "7a6332466e5a56397a6447467964434973496d316c63334e685a3255694f6e7369615751694f694a7463326466596d527961313878496977" +
        "6964486c775a534936496d316c63334e685a3255694c434a796232786c496a6f6959584e7a61584e3059573530496977696257396b5a5777" +
        "694f694a6a624746315a47557463323975626d56304c5451744e5330794d4449314d446b794f534973496d4e76626e526c626e51694f6c74" +
        "644c434a7a6447397758334a6c59584e7662694936626e56736243776964584e685a3255694f6e73696157357764585266644739725a5735" +
        "7a496a6f784d6a4173496d4e685932686c58324e795a5746306157397558326c75634856305833527661325675637949364d7a4173496d4e" +
        "685932686c58334a6c595752666157357764585266644739725a57357a496a6f354d444173496d393164484231644639306232746c626e4d" +
        "694f6a46396658303d222c2270223a226162636465666768227dcd45180f000000b0000000614f5086b30f3a657863657074696f6e2d7479" +
        "70650700137468726f74746c696e67457863657074696f6e0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f" +
        "6e0d3a6d6573736167652d74797065070009657863657074696f6e7b226d657373616765223a226d6573736167655f64656c7461207b5c22" +
        "75736167655c223a7b5c226f75747075745f746f6b656e735c223a3939397d7d227d6e830b48000000ee0000004b13c83ecf0b3a6576656e" +
        "742d747970650700056368756e6b0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d657373616765" +
        "2d747970650700056576656e747b226279746573223a2265794a306558426c496a6f696257567a6332466e5a56396b5a5778305953497349" +
        "6d526c62485268496a7037496e4e3062334266636d566863323975496a6f695a57356b58335231636d34696653776964584e685a3255694f" +
        "6e736962335630634856305833527661325675637949364e444a3966513d3d222c2270223a226162636465666768227de8bbcbef";

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(13)]
    [InlineData(100_000)]
    public void Feed_BotocoreReadableStream_InAnyChunking_GivesTheChunksEventsAndSkipsTheException(int chunk)
    {
        var events = Decode(Convert.FromHexString(Stream), chunk, out var decoder);

        Assert.False(decoder.Broken);
        Assert.Equal(["message_start", "message_delta"], events.Select(e => JsonDocument.Parse(e).RootElement.GetProperty("type").GetString()!).ToArray());
        Assert.Contains("\"cache_read_input_tokens\":900", events[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Feed_AFrameWhoseCrcDoesNotMatch_StopsReading()
    {
        var bytes = Convert.FromHexString(Stream);
        bytes[100] ^= 0x01;

        var events = Decode(bytes, bytes.Length, out var decoder);

        Assert.True(decoder.Broken);
        Assert.Empty(events);
    }

    [Fact]
    public void Feed_APreludeWhoseCrcDoesNotMatch_StopsReading()
    {
        var bytes = Convert.FromHexString(Stream);
        bytes[3] ^= 0x01;

        Decode(bytes, 7, out var decoder);

        Assert.True(decoder.Broken);
    }

    [Fact]
    public void Feed_AFrameLargerThanTheBound_IsSkippedWhole_AndTheNextIsRead()
    {
        var large = Frame(new byte[EventStreamDecoder.MaxFrameBytes + 1000]);
        var bytes = Convert.FromHexString(Stream);

        var events = Decode([.. large, .. bytes], 4096, out var decoder);

        Assert.False(decoder.Broken);
        Assert.Equal(2, events.Count);
    }

    private static List<string> Decode(byte[] bytes, int chunk, out EventStreamDecoder decoder)
    {
        var events = new List<string>();
        decoder = new EventStreamDecoder();
        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            decoder.Feed(bytes.AsSpan(offset, Math.Min(chunk, bytes.Length - offset)), json => events.Add(Encoding.UTF8.GetString(json)));
        }

        return events;
    }

    /// <summary>A frame with no headers around <paramref name="payload"/>.</summary>
    private static byte[] Frame(byte[] payload)
    {
        var total = 16 + payload.Length;
        var frame = new byte[total];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)total);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(8), Crc32.HashToUInt32(frame.AsSpan(0, 8)));
        payload.CopyTo(frame, 12);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(total - 4), Crc32.HashToUInt32(frame.AsSpan(0, total - 4)));
        return frame;
    }
}
