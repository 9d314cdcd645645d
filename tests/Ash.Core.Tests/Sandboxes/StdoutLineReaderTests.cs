using System.Text;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Output;

namespace Ash.Core.Tests.Sandboxes;

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
}
