using System.Collections.Concurrent;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>A node's local sandbox host that records the specs it is given and starts idle fake processes.</summary>
internal sealed class RecordingSandboxHost : ISandboxHost, ISandboxLogs
{
    public ConcurrentQueue<(string Method, SandboxSpec Spec)> Specs { get; } = new();

    public int LiveCount => 0;

    public Task PrepareAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        Specs.Enqueue(("prepare", spec));
        return Task.CompletedTask;
    }

    public Task<ISandboxProcess> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        Specs.Enqueue(("start", spec));
        return Task.FromResult<ISandboxProcess>(new IdleProcess());
    }

    public Task DeleteAsync(Guid sessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> HasFilesAsync(Guid sessionId, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task ForkAsync(Guid parentSessionId, Guid childSessionId, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<int> ReapOrphansAsync(CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<IReadOnlyList<SandboxLogEntry>> ReadAsync(Guid sessionId, long after, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SandboxLogEntry>>([]);

    private sealed class IdleProcess : ISandboxProcess
    {
        private readonly Channel<AgentOutput> _output = Channel.CreateUnbounded<AgentOutput>();
        private readonly TaskCompletionSource<AgentExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string SandboxId => "sbx-test";

        public ChannelReader<AgentOutput> Output => _output.Reader;

        public Task<AgentExit> Exited => _exited.Task;

        public ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public IReadOnlyList<LimitHit> TakeLimitHits() => [];

        public Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken) => Task.FromResult(new ExecResult(0, "", "", false, false));

        public Task KillAsync()
        {
            _output.Writer.TryComplete();
            _exited.TrySetResult(new AgentExit(0, ""));
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync() => await KillAsync();
    }
}
