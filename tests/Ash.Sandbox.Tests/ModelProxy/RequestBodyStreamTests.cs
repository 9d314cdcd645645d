using System.Net.Sockets;
using System.Text;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Tests.Egress;
using Ash.Testing.Common;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Sandbox.Tests.ModelProxy;

/// <summary>The body stream over a real socket: what it passes on, and how each broken body ends.</summary>
public sealed class RequestBodyStreamTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<(string Body, BodyProblem Problem)> ReadAllAsync(string sent, BodyFraming framing, long max = 1000, bool close = true)
    {
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        await pair.SendAsync(sent);
        if (close)
        {
            pair.Agent.Shutdown(SocketShutdown.Send);
        }

        using var body = new RequestBodyStream(reader, framing, max, TimeSpan.FromSeconds(30), TimeProvider.System);
        var received = new MemoryStream();
        try
        {
            await body.CopyToAsync(received).WaitAsync(Timeout);
        }
        catch (IOException)
        {
        }

        return (Encoding.Latin1.GetString(received.ToArray()), body.Problem);
    }

    [Fact]
    public async Task Read_ContentLength_StopsAtTheLengthWhateverFollows()
    {
        var (body, problem) = await ReadAllAsync("{\"a\":1}GET /v1/files HTTP/1.1\r\n\r\n", new BodyFraming(7, false));

        Assert.Equal(("{\"a\":1}", BodyProblem.None), (body, problem));
    }

    [Fact]
    public async Task Read_ContentLengthCutShort_EndsEarly()
    {
        var (body, problem) = await ReadAllAsync("{\"a\"", new BodyFraming(7, false));

        Assert.Equal(("{\"a\"", BodyProblem.EndedEarly), (body, problem));
    }

    [Fact]
    public async Task Read_Chunked_DecodesChunksExtensionsAndTrailers()
    {
        var (body, problem) = await ReadAllAsync("3;ext=1\r\n{\"a\r\nC \r\n\":\"0123456\"}\r\n0\r\nTrailer: x\r\n\r\nleftover", new BodyFraming(null, true));

        Assert.Equal(("{\"a\":\"0123456\"}", BodyProblem.None), (body, problem));
    }

    [Theory]
    [InlineData("zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("-2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("0x2\r\n{}\r\n0\r\n\r\n")]
    [InlineData("2\r\n{}}\r\n0\r\n\r\n")]
    [InlineData("2\n{}\r\n0\r\n\r\n")]
    [InlineData("1000000000000000\r\n{}\r\n0\r\n\r\n")]
    public async Task Read_BrokenChunkedCoding_IsMalformed(string sent)
    {
        var (_, problem) = await ReadAllAsync(sent, new BodyFraming(null, true));

        Assert.Equal(BodyProblem.Malformed, problem);
    }

    [Fact]
    public async Task Read_ChunksPastTheCap_StopBeforeTheChunkThatPassesIt()
    {
        var (body, problem) = await ReadAllAsync("4\r\nabcd\r\n4\r\nefgh\r\n0\r\n\r\n", new BodyFraming(null, true), max: 6);

        Assert.Equal(("abcd", BodyProblem.TooLarge), (body, problem));
    }

    [Fact]
    public async Task Read_ChunkSizeLineWithoutEnd_IsMalformedNotBuffered()
    {
        var (_, problem) = await ReadAllAsync("1" + new string('0', 5000), new BodyFraming(null, true), close: false);

        Assert.Equal(BodyProblem.Malformed, problem);
    }

    [Fact]
    public async Task Read_BodyThatStalls_EndsAfterTheIdleTimeout()
    {
        var time = new FakeTimeProvider();
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        using var body = new RequestBodyStream(reader, new BodyFraming(10, false), 1000, TimeSpan.FromSeconds(30), time);
        await pair.SendAsync("abc");
        var buffer = new byte[16];
        Assert.Equal(3, await body.ReadAsync(buffer).AsTask().WaitAsync(Timeout));

        var stalled = body.ReadAsync(buffer).AsTask();
        await time.AdvanceUntilAsync(stalled, TimeSpan.FromSeconds(31));

        await Assert.ThrowsAsync<IOException>(() => stalled);
        Assert.Equal(BodyProblem.Stalled, body.Problem);
    }

    [Fact]
    public async Task Read_SlowUpstream_DoesNotCountAsTheAgentStalling()
    {
        var time = new FakeTimeProvider();
        using var pair = await SocketPair.CreateAsync();
        using var reader = new BufferedSocketReader(pair.Proxy);
        using var body = new RequestBodyStream(reader, new BodyFraming(6, false), 1000, TimeSpan.FromSeconds(30), time);
        await pair.SendAsync("abcdef");
        var buffer = new byte[3];
        Assert.Equal(3, await body.ReadAsync(buffer).AsTask().WaitAsync(Timeout));

        // Between reads (the upstream taking its time) the idle clock does not run.
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(3, await body.ReadAsync(buffer).AsTask().WaitAsync(Timeout));
        Assert.Equal(BodyProblem.None, body.Problem);
    }
}
