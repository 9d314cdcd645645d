using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Ash.Core.Sandboxes;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>
/// An agent process the test plays: it keeps every stdin line the actor writes, hands on the output lines the test
/// gives it (<see cref="Say"/>), and exits when the test says so or the actor kills it.
/// </summary>
public sealed class ScriptedAgentProcess(string sandboxId, TimeProvider time) : ISandboxProcess
{
    private readonly Channel<AgentOutput> _output = Channel.CreateUnbounded<AgentOutput>();
    private readonly TaskCompletionSource<AgentExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _stdin = new();
    private TaskCompletionSource? _teardown;

    public string SandboxId => sandboxId;

    public ChannelReader<AgentOutput> Output => _output.Reader;

    public Task<AgentExit> Exited => _exited.Task;

    /// <summary>The lines the actor wrote to stdin, in order.</summary>
    public IReadOnlyList<string> Stdin => [.. _stdin];

    /// <summary>When (fake time) the actor killed the process; null while it was not killed.</summary>
    public DateTimeOffset? KilledAt { get; private set; }

    /// <summary>One read's worth of output: the lines arrive at the actor together.</summary>
    public void Say(params IEnumerable<byte[]> lines) => _output.Writer.TryWrite(new AgentOutput([.. lines], LineTooLong: false));

    /// <summary>The process ends on its own: its output closes, then it is reaped.</summary>
    public void Exit(int exitCode, string stderrTail = "")
    {
        _output.Writer.TryComplete();
        _exited.TrySetResult(new AgentExit(exitCode, stderrTail));
    }

    /// <summary>The process ends with a fault (as a sandbox whose teardown failed): its output closes, and its exit rethrows <paramref name="fault"/>.</summary>
    public void Crash(Exception fault)
    {
        _output.Writer.TryComplete();
        _exited.TrySetException(fault);
    }

    public ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        // As a pipe to a process that is gone.
        if (_exited.Task.IsCompleted)
        {
            throw new IOException("Broken pipe");
        }

        _stdin.Enqueue(Encoding.UTF8.GetString(line.Span));
        return ValueTask.CompletedTask;
    }

    public IReadOnlyList<LimitHit> TakeLimitHits() => [];

    public Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The scripted agent runs no commands");

    /// <summary>
    /// From now on a kill is only the signal: the process is gone when the test calls <see cref="FinishTeardown"/>, as a
    /// real sandbox is once the kernel has torn it down and its cgroup, proxy and volume are released.
    /// </summary>
    public void HoldTeardown() => _teardown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void FinishTeardown() => _teardown?.TrySetResult();

    public Task KillAsync()
    {
        if (!_exited.Task.IsCompleted && KilledAt is null)
        {
            KilledAt = time.GetUtcNow();
            if (_teardown is { } held)
            {
                return ExitAfterAsync(held.Task);
            }

            Exit(137);
        }

        // As a real sandbox's kill: done once the process is gone, rethrowing how its end faulted.
        return _exited.Task;
    }

    private async Task ExitAfterAsync(Task teardown)
    {
        await teardown;
        Exit(137);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
