using Ash.Core.Sandboxes.Logs;
using Ash.Sandbox.Logs;

namespace Ash.Sandbox.Tests.Logs;

public sealed class SandboxLogFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ash-log-test-" + Guid.NewGuid().ToString("N"), "logs");

    public void Dispose()
    {
        if (Directory.Exists(Path.GetDirectoryName(_directory)))
        {
            Directory.Delete(Path.GetDirectoryName(_directory)!, recursive: true);
        }
    }

    private SandboxLogFiles Files => new(_directory);

    private IReadOnlyList<SandboxLogEntry> ReadAll() => SandboxLogReader.Read(Files, after: -1, limit: int.MaxValue);

    [Fact]
    public void Appended_Lines_ReadBackInOrder_FromIndexZero()
    {
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            log.System("started");
            log.Append(SandboxLogLevels.Stderr, "warning: \"quoted\"\tand\u0001control");
        }

        var lines = ReadAll();

        Assert.Equal([0L, 1L], lines.Select(line => line.Index));
        Assert.Equal(("system", "started"), (lines[0].Level, lines[0].Text));
        Assert.Equal(("stderr", "warning: \"quoted\"\tand\u0001control"), (lines[1].Level, lines[1].Text));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
    }

    [Fact]
    public void Reopening_ContinuesTheIndexes()
    {
        using (var first = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            first.System("one");
            first.System("two");
        }

        using (var second = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            second.System("three");
        }

        Assert.Equal([0L, 1L, 2L], ReadAll().Select(line => line.Index));
    }

    [Fact]
    public void Rotation_KeepsTheNewestLines_WithContinuousIndexes_AndBoundsTheSize()
    {
        var text = new string('x', 4000);
        const int Written = 2000;
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            for (var i = 0; i < Written; i++)
            {
                log.Append(SandboxLogLevels.Stderr, text);
            }
        }

        var lines = ReadAll();
        var indexes = lines.Select(line => line.Index).ToList();

        Assert.True(File.Exists(Files.Previous));
        Assert.InRange(new FileInfo(Files.Current).Length, 1, SandboxLogFile.RotateAtBytes);
        Assert.InRange(new FileInfo(Files.Previous).Length, 1, SandboxLogFile.RotateAtBytes);
        Assert.Equal(Written - 1, indexes[^1]);
        Assert.Equal(Enumerable.Range((int)indexes[0], indexes.Count).Select(i => (long)i), indexes);
        Assert.InRange(lines.Count, SandboxLogFile.RotateAtBytes / 4100, Written - 1);
    }

    [Fact]
    public void Reopening_ABigLog_ContinuesFromItsLastLine()
    {
        var text = new string('\u0001', SandboxLogFile.MaxTextChars);
        using (var first = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            for (var i = 0; i < 300; i++)
            {
                first.System(text);
            }
        }

        using (var second = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            second.System("after reopening");
        }

        var last = ReadAll()[^1];
        Assert.Equal((300L, "after reopening"), (last.Index, last.Text));
    }

    [Fact]
    public void After_SkipsTheOlderFile_AndLimitCuts()
    {
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            for (var i = 0; i < 10; i++)
            {
                log.System($"line {i}");
            }
        }

        var page = SandboxLogReader.Read(Files, after: 3, limit: 4);

        Assert.Equal(["line 4", "line 5", "line 6", "line 7"], page.Select(line => line.Text));
        Assert.Empty(SandboxLogReader.Read(Files, after: 9, limit: 10));
    }

    [Fact]
    public void ALineCutShortByACrash_IsSkipped_AndTheNextOneStillCounts()
    {
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            log.System("whole");
        }

        File.AppendAllText(Files.Current, "{\"index\":1,\"level\":\"sys");
        File.AppendAllText(Files.Current, "\n");
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            log.System("after the crash");
        }

        var lines = ReadAll();

        Assert.Equal([(0L, "whole"), (1L, "after the crash")], lines.Select(line => (line.Index, line.Text)));
    }

    [Fact]
    public void LongLines_AreCut_WithoutSplittingASurrogatePair()
    {
        var emoji = "\U0001F600";
        var text = new string('a', SandboxLogFile.MaxTextChars - 1) + emoji + "tail";
        using (var log = SandboxLogFile.Open(_directory, TimeProvider.System))
        {
            log.System(text);
            log.System("lone \ud800 surrogate");
        }

        var lines = ReadAll();

        Assert.Equal(new string('a', SandboxLogFile.MaxTextChars - 1) + "…", lines[0].Text);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith("lone ", lines[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void NoLog_ReadsAsNoLines()
    {
        Assert.Empty(ReadAll());
        Assert.Equal(-1, SandboxLogReader.LastIndex(Files));
    }
}
