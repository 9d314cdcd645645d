using System.Diagnostics;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Sandbox.Egress;
using Ash.Sandbox.Exec;
using Ash.Sandbox.Launch;
using Ash.Sandbox.Limits;
using Ash.Sandbox.Limits.Cgroups;
using Ash.Sandbox.Logs;
using Ash.Sandbox.ModelProxy;
using Ash.Sandbox.Output;

namespace Ash.Sandbox;

/// <summary>
/// A running bwrap sandbox with the agent inside. Owns the process, its output readers and its model
/// proxy and its cgroup; once the process exits everything is released, the uid and the hold on the
/// session's volume included. What the kernel enforced (OOM kills, refused forks) is read from the
/// cgroup's counters; a full volume (ENOSPC for the agent) from statvfs.
/// </summary>
internal sealed class LocalSandboxProcess : ISandboxProcess
{
    private readonly Process _process;
    private readonly long? _startTime;
    private readonly ModelProxyListener _proxy;
    private readonly Action _released;
    private readonly CgroupLeaf? _cgroup;
    private readonly SandboxLimits _limits;
    private readonly Lock _countersLock = new();
    private CgroupCounters _reported;

    /// <summary>The counters as they were when the cgroup was removed (after the process exited).</summary>
    private CgroupCounters? _final;
    private readonly Channel<AgentOutput> _output = Channel.CreateBounded<AgentOutput>(new BoundedChannelOptions(64)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly SemaphoreSlim _stdinGate = new(1, 1);
    private readonly StderrReader _stderr;
    private readonly SandboxLogFile _log;
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private readonly SandboxExec _exec;
    private readonly EgressProxyListener? _egress;
    private readonly VolumeWatch? _volume;

    /// <param name="volume">Watches the session's volume for the <c>disk</c> and <c>inodes</c> events; null without volumes.</param>
    public LocalSandboxProcess(
        string sandboxId, Process process, long? startTime, ModelProxyListener proxy, EgressProxyListener? egress, CgroupLeaf? cgroup, SandboxLimits limits, VolumeWatch? volume, SandboxExec exec, SandboxLogFile log, int maxLineBytes, Action released)
    {
        _log = log;
        _stderr = new StderrReader(log);
        _exec = exec;
        _egress = egress;
        _volume = volume;
        SandboxId = sandboxId;
        _process = process;
        _startTime = startTime;
        _proxy = proxy;
        _cgroup = cgroup;
        _limits = limits;
        _released = released;
        _stdoutPump = new StdoutLineReader(process.StandardOutput.BaseStream, maxLineBytes, _output.Writer).RunAsync();
        _stderrPump = _stderr.RunAsync(process.StandardError);
        Exited = SuperviseAsync();
    }

    public string SandboxId { get; }

    public ChannelReader<AgentOutput> Output => _output.Reader;

    public Task<AgentExit> Exited { get; }

    public int ProcessId => _process.Id;

    public Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken) =>
        Exited.IsCompleted
            ? throw new InvalidOperationException("the sandbox is no longer running")
            : _exec.RunAsync(request, cancellationToken);

    public IReadOnlyList<LimitHit> TakeLimitHits()
    {
        var hits = _volume?.TakeHits() ?? new List<LimitHit>(2);
        if (_cgroup is null)
        {
            return Logged(hits);
        }

        CgroupCounters before;
        CgroupCounters now;
        lock (_countersLock)
        {
            before = _reported;
            now = _final ?? _cgroup.ReadCounters();
            _reported = now;
        }

        if (now.OomKills > before.OomKills)
        {
            var kills = now.OomKills - before.OomKills;
            hits.Add(new LimitHit(LimitHit.Memory, _limits.MemoryBytes, kills,
                $"The sandbox reached its memory limit ({_limits.MemoryMb} MiB): the kernel killed {kills} process(es)"));
        }

        if (now.ForksRefused > before.ForksRefused)
        {
            var refused = now.ForksRefused - before.ForksRefused;
            hits.Add(new LimitHit(LimitHit.Processes, _limits.MaxProcesses, refused,
                $"The sandbox reached its process limit ({_limits.MaxProcesses}): {refused} fork(s) refused"));
        }

        return Logged(hits);
    }

    private List<LimitHit> Logged(List<LimitHit> hits)
    {
        foreach (var hit in hits)
        {
            _log.System(hit.Message);
        }

        return hits;
    }

    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        _proxy.AgentAnswers(Activity.Current?.Context ?? default);
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

    /// <summary>Kills the sandbox's pid namespace (whatever runs in it dies with it) and its cgroup, then waits until everything is released.</summary>
    public async Task KillAsync()
    {
        SandboxKill.Kill(_process, _startTime);

        // Commands run beside the agent (exec) are sandboxes (namespaces) of their own in the same cgroup. The cgroup
        // is emptied again once the agent has exited; this makes it now, not after the output pumps have given up.
        _cgroup?.SignalAll();
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
            var pumps = Task.WhenAll(_stdoutPump, _stderrPump);
            await Task.WhenAny(pumps, Task.Delay(TimeSpan.FromSeconds(5)));
            if (pumps.IsFaulted)
            {
                // Seen here, not only at dispose: the output may have been cut short, and the sandbox log says why.
                _log.System("Reading the agent's output failed: " + pumps.Exception.GetBaseException().Message);
            }

            _output.Writer.TryComplete();
            var exit = new AgentExit(_process.ExitCode, _stderr.ToString(), KilledForMemory(), _limits.MemoryBytes);
            _log.System(ExitLine(exit));
            return exit;
        }
        finally
        {
            _output.Writer.TryComplete();
            await _proxy.DisposeAsync();
            if (_egress is not null)
            {
                await _egress.DisposeAsync();
            }

            if (_volume is not null)
            {
                await _volume.DisposeAsync();
            }

            // Whatever the agent left behind (daemons, a fork bomb's remains) dies with its cgroup.
            if (_cgroup is not null)
            {
                _cgroup.KillAll();
                lock (_countersLock)
                {
                    _final = _cgroup.ReadCounters();
                }

                _cgroup.TryRemove();
            }
            _released();
            _log.Dispose();
        }
    }

    private string ExitLine(AgentExit exit) =>
        exit switch
        {
            { OutOfMemory: true } => $"Sandbox {SandboxId} ended: the kernel killed the agent at the memory limit ({_limits.MemoryMb} MiB)",
            _ => $"Sandbox {SandboxId} ended: the agent exited with code {exit.ExitCode}",
        };

    /// <summary>
    /// The kernel's own word: an OOM kill in the cgroup since the last report, and the agent ended by
    /// SIGKILL. An exit code of 137 alone proves nothing (sandbox-facts.md §0.8).
    /// </summary>
    private bool KilledForMemory()
    {
        const int KilledBySigkill = 128 + 9;
        if (_cgroup is null || _process.ExitCode != KilledBySigkill)
        {
            return false;
        }

        lock (_countersLock)
        {
            return (_final ?? _cgroup.ReadCounters()).OomKills > _reported.OomKills;
        }
    }
}
