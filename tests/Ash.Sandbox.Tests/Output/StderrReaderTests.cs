using System.Text;
using Ash.Sandbox.Logs;
using Ash.Sandbox.Output;

namespace Ash.Sandbox.Tests.Output;

public sealed class StderrReaderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ash-stderr-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(StderrReader Reader, List<string> Lines)> ReadAsync(string written)
    {
        StderrReader reader;
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            reader = new StderrReader(log);
            using var stream = new StreamReader(new MemoryStream(Encoding.UTF8.GetBytes(written)));
            await reader.RunAsync(stream);
        }

        var lines = SandboxLogReader.Read(new SandboxLogFiles(_directory), -1, int.MaxValue);
        Assert.All(lines, line => Assert.Equal("stderr", line.Level));
        return (reader, lines.Select(line => line.Text).ToList());
    }

    [Fact]
    public async Task EachLine_IsLogged_BlankOnesLeftOut_AndTheLastWithoutNewlineToo()
    {
        var (_, lines) = await ReadAsync("first\r\n\n   \nsecond\nno newline at the end");

        Assert.Equal(["first", "second", "no newline at the end"], lines);
    }

    [Fact]
    public async Task AnEndlessLine_IsLoggedInPieces()
    {
        var (_, lines) = await ReadAsync(new string('z', SandboxLogFile.MaxTextChars * 3 + 10));

        Assert.Equal(4, lines.Count);
        Assert.All(lines.Take(3), line => Assert.Equal(SandboxLogFile.MaxTextChars, line.Length));
    }

    [Fact]
    public async Task TheTail_KeepsTheLastKilobytes()
    {
        var written = string.Concat(Enumerable.Range(0, 1000).Select(i => $"line {i}\n"));

        var (reader, _) = await ReadAsync(written);

        Assert.EndsWith("line 999\n", reader.ToString(), StringComparison.Ordinal);
        Assert.InRange(reader.ToString().Length, 1, 4096);
    }
}
