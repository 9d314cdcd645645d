using System.Diagnostics;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Output;

namespace Ash.Sandbox;

/// <summary>
/// A running bwrap sandbox with the agent inside. Owns the process, its output readers and its model
/// proxy; once the process exits everything is released, the uid included.
/// </summary>
internal sealed class LocalSandboxProcess : ISandboxProcess
{
    private readonly Process _process;
    private readonly ModelProxyListener _proxy;
    private readonly Action _released;
    private readonly Channel<AgentOutput> _output = Channel.CreateBounded<AgentOutput>(new BoundedChannelOptions(64)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly SemaphoreSlim _stdinGate = new(1, 1);
    private readonly StderrTail _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    public LocalSandboxProcess(string sandboxId, Process process, ModelProxyListener proxy, int maxLineBytes, Action released)
    {
        SandboxId = sandboxId;
        _process = process;
        _proxy = proxy;
        _released = released;
        _stdoutPump = new StdoutLineReader(process.StandardOutput.BaseStream, maxLineBytes, _output.Writer).RunAsync();
        _stderrPump = _stderr.RunAsync(process.StandardError);
        Exited = SuperviseAsync();
    }

    public string SandboxId { get; }

    public ChannelReader<AgentOutput> Output => _output.Reader;

    public Task<AgentExit> Exited { get; }

    public int ProcessId => _process.Id;

    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _stdinGate.WaitAsync(cancellationToken);
        try
        {
            var stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(line, cancellationToken);
            await stdin.WriteAsync("\n"u8.ToArray(), cancellationToken);
            await stdin.FlushAsync(cancellationToken);
        }
        finally
        {
            _stdinGate.Release();
        }
    }

    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        _stdinGate.Dispose();
    }

    private async Task<AgentExit> SuperviseAsync()
    {
        try
        {
            await _process.WaitForExitAsync();

            // Normally the pumps end at EOF right away; a pump blocked on a full channel that nobody
            // reads (output between turns) must not keep the exit from being reported.
            await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(TimeSpan.FromSeconds(5)));
            _output.Writer.TryComplete();
            return new AgentExit(_process.ExitCode, _stderr.ToString());
        }
        finally
        {
            _output.Writer.TryComplete();
            await _proxy.DisposeAsync();
            _released();
        }
    }
}
