using Ash.Testing.Common;

namespace Ash.Cli.Tests.Infrastructure;

/// <summary>One in-process run of the CLI: what it printed so far on each stream, and its end.</summary>
public sealed class RunningCli : IDisposable
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    private readonly string[] _arguments;
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();
    private readonly MemoryStream _bytes = new();
    private readonly CancellationTokenSource _timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private Task<int> _exitCode = null!;

    internal RunningCli(string[] arguments)
    {
        _arguments = arguments;
        _timeout.CancelAfter(RunTimeout);
        Stdout = TextWriter.Synchronized(_stdout);
        Stderr = TextWriter.Synchronized(_stderr);
    }

    internal TextWriter Stdout { get; }

    internal TextWriter Stderr { get; }

    internal CancellationToken Token => _timeout.Token;

    /// <summary>Waits until what the run printed satisfies <paramref name="condition"/> (stdout, stderr).</summary>
    public Task WaitForAsync(Func<string, string, bool> condition, string what) =>
        Eventually.TrueAsync(
            () =>
            {
                if (condition(StdoutText, StderrText))
                {
                    return true;
                }

                Assert.False(_exitCode.IsCompleted, $"ash {string.Join(' ', _arguments)} ended before {what}:\n{StdoutText}\n{StderrText}");
                Assert.False(_timeout.IsCancellationRequested, $"ash {string.Join(' ', _arguments)} did not print {what} within {RunTimeout}:\n{StdoutText}\n{StderrText}");
                return false;
            },
            () => $"ash {string.Join(' ', _arguments)} to print {what}:\n{StdoutText}\n{StderrText}",
            RunTimeout);

    public async Task<CliRun> CompletionAsync()
    {
        var exitCode = await _exitCode.WaitAsync(RunTimeout + RunTimeout, TestContext.Current.CancellationToken);
        Assert.False(_timeout.IsCancellationRequested, $"ash {string.Join(' ', _arguments)} ran longer than {RunTimeout}:\n{StderrText}");
        byte[] bytes;
        lock (_bytes)
        {
            bytes = _bytes.ToArray();
        }

        return new CliRun(exitCode, StdoutText, StderrText, bytes);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _stdout.Dispose();
        _stderr.Dispose();
        _bytes.Dispose();
    }

    internal void Begin(Task<int> exitCode) => _exitCode = exitCode;

    // The command disposes the stream it writes a file to; the test reads it afterwards.
    internal Stream OpenBytes() => new UnclosedStream(_bytes);

    // The synchronized writers lock themselves around each write.
    private string StdoutText
    {
        get
        {
            lock (Stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    private string StderrText
    {
        get
        {
            lock (Stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    private sealed class UnclosedStream(MemoryStream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (inner)
            {
                inner.Write(buffer, offset, count);
            }
        }
    }
}
