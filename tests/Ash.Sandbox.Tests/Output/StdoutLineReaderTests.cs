using System.Text;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Output;

namespace Ash.Sandbox.Tests.Output;

public sealed class StdoutLineReaderTests
{
    private static async Task<List<AgentOutput>> ReadAllAsync(byte[] input, int maxLineBytes)
    {
        var channel = Channel.CreateUnbounded<AgentOutput>();
        await new StdoutLineReader(new MemoryStream(input), maxLineBytes, channel.Writer).RunAsync();
        channel.Writer.Complete();
        var outputs = new List<AgentOutput>();
        await foreach (var output in channel.Reader.ReadAllAsync())
        {
            outputs.Add(output);
        }

        return outputs;
    }

    [Fact]
    public async Task Run_SplitsLinesAndKeepsPartialLineForLater()
    {
        var outputs = await ReadAllAsync(Encoding.UTF8.GetBytes("{\"a\":1}\n{\"b\":2}\n{\"c\""), 1024);

        var lines = outputs.SelectMany(o => o.Lines).Select(l => Encoding.UTF8.GetString(l)).ToList();
        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], lines);
        Assert.DoesNotContain(outputs, o => o.LineTooLong);
    }

    [Fact]
    public async Task Run_LineOverCap_IsReportedAndDroppedAndLaterLinesSurvive()
    {
        var input = Encoding.UTF8.GetBytes(new string('x', 300_000) + "\n{\"after\":true}\n");

        var outputs = await ReadAllAsync(input, 100_000);

        Assert.Contains(outputs, o => o.LineTooLong);
        var lines = outputs.SelectMany(o => o.Lines).Select(l => Encoding.UTF8.GetString(l)).ToList();
        Assert.Equal(["{\"after\":true}"], lines);
    }

    [Fact]
    public async Task Run_OutputLargerThanOneRead_EveryLineComesOutWhole()
    {
        // Lines of many lengths, together far more than a small read holds, so lines cross every read boundary.
        var expected = Enumerable.Range(0, 2_000).Select(i => $"{{\"n\":{i},\"pad\":\"{new string('p', i % 300)}\"}}").ToList();
        var input = Encoding.UTF8.GetBytes(string.Join("\n", expected) + "\n");

        var outputs = await ReadAllAsync(input, 1024);

        var lines = outputs.SelectMany(o => o.Lines).Select(l => Encoding.UTF8.GetString(l)).ToList();
        Assert.Equal(expected, lines);
        Assert.DoesNotContain(outputs, o => o.LineTooLong);
    }

    [Fact]
    public async Task Run_ReadsOfEverySize_EveryLineComesOutWhole()
    {
        // A pipe hands over what the agent wrote so far: short reads after full ones, and full ones after short.
        var expected = Enumerable.Range(0, 300).Select(i => $"line {i} " + new string('x', i * 37 % 9_000)).ToList();
        var input = Encoding.UTF8.GetBytes(string.Join("\n", expected) + "\n");
        var channel = Channel.CreateUnbounded<AgentOutput>();

        await new StdoutLineReader(new ChunkedStream(input, [1, 4096, 4096, 100, 70_000, 3, 65_536, 5_000]), 16 * 1024, channel.Writer).RunAsync();
        channel.Writer.Complete();

        var lines = new List<string>();
        await foreach (var output in channel.Reader.ReadAllAsync())
        {
            lines.AddRange(output.Lines.Select(l => Encoding.UTF8.GetString(l)));
        }

        Assert.Equal(expected, lines);
    }

    /// <summary>Hands out its bytes in reads of the given sizes, in turn, each cut to what the caller's buffer holds.</summary>
    private sealed class ChunkedStream(byte[] bytes, int[] sizes) : Stream
    {
        private int _position;
        private int _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => bytes.Length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var size = Math.Min(Math.Min(count, sizes[_read++ % sizes.Length]), bytes.Length - _position);
            bytes.AsSpan(_position, size).CopyTo(buffer.AsSpan(offset));
            _position += size;
            return size;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
