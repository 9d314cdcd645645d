using System.Collections.Concurrent;
using Ash.Core.Sandboxes;

namespace Ash.Core.Tests.Sessions.Fakes;

/// <summary>A sandbox host with no sandbox: each start makes a <see cref="ScriptedAgentProcess"/> the test plays.</summary>
public sealed class ScriptedSandboxHost(TimeProvider time) : ISandboxHost
{
    private readonly ConcurrentQueue<ScriptedAgentProcess> _started = new();
    private readonly ConcurrentQueue<SandboxSpec> _specs = new();
    private readonly ConcurrentDictionary<Guid, bool> _prepared = new();
    private TaskCompletionSource _startsMayFinish = CompletedGate();
    private int _startsToFail;
    private int _preparesToFail;

    /// <summary>Every process started, oldest first.</summary>
    public IReadOnlyList<ScriptedAgentProcess> Started => [.. _started];

    /// <summary>The spec of every start, oldest first: what a real host would have run.</summary>
    public IReadOnlyList<SandboxSpec> Specs => [.. _specs];

    public int LiveCount => _started.Count(process => !process.Exited.IsCompleted);

    /// <summary>From now on a start waits (as a slow sandbox would) until <see cref="ReleaseStarts"/>.</summary>
    public void HoldStarts() => _startsMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void ReleaseStarts() => _startsMayFinish.TrySetResult();

    /// <summary>The next <paramref name="count"/> starts fail, as a sandbox that cannot be set up does.</summary>
    public void FailNextStarts(int count) => Volatile.Write(ref _startsToFail, count);

    /// <summary>The next <paramref name="count"/> prepares fail with an <see cref="IOException"/>, as a busy disk does (a transient failure).</summary>
    public void FailNextPrepares(int count) => Volatile.Write(ref _preparesToFail, count);

    public Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _preparesToFail) >= 0)
        {
            throw new IOException($"scripted prepare failure for session {spec.SessionId}");
        }

        _prepared[spec.SessionId] = true;
        return Task.CompletedTask;
    }

    public async Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        await _startsMayFinish.Task.WaitAsync(cancellationToken);
        _specs.Enqueue(spec);
        if (Interlocked.Decrement(ref _startsToFail) >= 0)
        {
            throw new IOException($"scripted start failure for session {spec.SessionId}");
        }

        var process = new ScriptedAgentProcess($"sbx-{spec.SessionId:N}", time);
        _started.Enqueue(process);
        return process;
    }

    public Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        _prepared.TryRemove(sessionId, out _);
        return Task.CompletedTask;
    }

    public Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken) => Task.FromResult(_prepared.ContainsKey(sessionId));

    public Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The scripted host keeps no files to copy");

    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }
}
