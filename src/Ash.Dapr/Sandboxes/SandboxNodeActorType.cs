using System.Collections.Concurrent;
using Ash.Core.Agents;
using Ash.Core.Errors;
using Ash.Core.Sandboxes;
using Ash.Core.Sandboxes.Logs;
using Ash.Dapr.App;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// The sandbox host of one node as the Dapr actor type <c>sandbox-&lt;node&gt;</c> (DESIGN.md §2): only this node
/// registers the type, so placement routes every call for its sandboxes here. Behind it is the node's own
/// <see cref="ISandboxHost"/>; this keeps the processes it started for remote sessions, one per session.
/// Actor deactivation does not touch them: a process lives until the session stops it.
/// A call never hands this node a host path: <c>prepare</c> and <c>start</c> name the agent by its deployed
/// content, which is looked up under this node's own <paramref name="agentsDirectory"/> (see
/// <see cref="AgentContent"/>), and the agent's <c>ash.json</c> is read from there, not taken from the caller: once per
/// content (issue 16), as a content id names its files, <c>ash.json</c> included, forever.
/// A call that does not fit is refused (400 in the error shape) before anything starts.
/// </summary>
public sealed class SandboxNodeActorType(string node, ISandboxHost local, ISandboxLogs logs, string agentsDirectory) : IDaprActorType, IAsyncDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(10);

    /// <summary>Contents whose parsed config this node keeps; past it the cache starts over (a few hundred bytes each).</summary>
    private const int MaxKnownConfigs = 1024;

    private readonly ConcurrentDictionary<Guid, NodeProcess> _processes = new();
    private readonly ConcurrentDictionary<AgentContent, AgentConfig> _configs = new();
    private long _generations;

    public string Name { get; } = SandboxActorIds.TypeOf(node);

    public static string TypeName(string node) => SandboxActorIds.TypeOf(node);

    public int RunningCount => _processes.Values.Count(process => !process.Process.Exited.IsCompleted);

    public async Task<DaprActorResponse> InvokeAsync(string actorId, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!SandboxActorIds.TryParseSession(actorId, out var sessionId))
        {
            throw DaprCallRefusedException.BadRequest("The actor id does not name a session's sandbox", "invalid_actor_id");
        }

        switch (method)
        {
            case "prepare":
                await local.PrepareAsync(SpecOf(sessionId, body), cancellationToken);
                return DaprActorResponse.Empty;
            case "start":
                return ActorCallBody.Answer(await StartAsync(SpecOf(sessionId, body), cancellationToken), SandboxCallsJsonContext.Default.StartAnswer);
            case "write":
                var write = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.WriteCall);
                await Current(sessionId, write.Generation).Process.WriteLineAsync(write.Line, cancellationToken);
                return DaprActorResponse.Empty;
            case "read":
                var read = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.ReadCall);
                var answer = _processes.TryGetValue(sessionId, out var reading) && reading.Generation == read.Generation
                    ? await reading.ReadAsync(read.After, TimeSpan.FromMilliseconds(Math.Clamp(read.WaitMs, 0, (int)LongestWait.TotalMilliseconds)), cancellationToken)
                    : new ReadAnswer([], [], null, Gone: true);
                return ActorCallBody.Answer(answer, SandboxCallsJsonContext.Default.ReadAnswer);
            case "kill":
                var kill = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.GenerationCall);
                if (_processes.TryGetValue(sessionId, out var killed) && killed.Generation == kill.Generation)
                {
                    await killed.Process.KillAsync();
                }

                return DaprActorResponse.Empty;
            case "exec":
                var exec = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.ExecCall);
                if (exec.TimeoutMs < 1 || exec.TimeoutMs > ExecRequest.MaxTimeout.TotalMilliseconds || exec.MaxOutputBytes < 0 || exec.Command.Length > ExecRequest.MaxCommandLength)
                {
                    throw DaprCallRefusedException.BadRequest($"An exec runs 1 to {ExecRequest.MaxTimeout.TotalMilliseconds:0} ms, with a command of at most {ExecRequest.MaxCommandLength} characters");
                }

                var result = await Current(sessionId, exec.Generation).Process.ExecAsync(
                    new ExecRequest(exec.Command, TimeSpan.FromMilliseconds(exec.TimeoutMs), exec.MaxOutputBytes), cancellationToken);
                return ActorCallBody.Answer(result, SandboxCallsJsonContext.Default.ExecResult);
            case "delete":
                await StopAsync(sessionId);
                await local.DeleteAsync(sessionId, cancellationToken);
                return DaprActorResponse.Empty;
            case "has-files":
                return ActorCallBody.Answer(new HasFilesAnswer(await local.HasFilesAsync(sessionId, cancellationToken)), SandboxCallsJsonContext.Default.HasFilesAnswer);
            case "fork":
                var fork = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.ForkCall);
                if (fork.ChildSessionId == Guid.Empty || fork.ChildSessionId == sessionId)
                {
                    throw DaprCallRefusedException.BadRequest("A fork names a new session for the copy", "invalid_fork");
                }

                await local.ForkAsync(sessionId, fork.ChildSessionId, cancellationToken);
                return DaprActorResponse.Empty;
            case "logs":
                var logsCall = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.LogsCall);
                return ActorCallBody.Answer(new LogsAnswer(await logs.ReadAsync(sessionId, logsCall.After, logsCall.Limit, cancellationToken)), SandboxCallsJsonContext.Default.LogsAnswer);
            default:
                throw new DaprActorMethodNotFoundException(Name, method);
        }
    }

    public Task<bool> RemindAsync(string actorId, string reminderName, ReminderFiring firing, CancellationToken cancellationToken) =>
        Task.FromResult(true);

    public Task DeactivateAsync(string actorId, CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var sessionId in _processes.Keys)
        {
            await StopAsync(sessionId);
        }
    }

    /// <summary>
    /// The spec of a <c>prepare</c> or <c>start</c>, built here: the session is the actor's own, the agent's folder
    /// is its content under this node's agents directory (strictly named, no links followed, checked at every call), and
    /// its limits and network policy come from the <c>ash.json</c> in that folder, parsed the first time it is run here.
    /// </summary>
    private SandboxSpec SpecOf(Guid sessionId, ReadOnlyMemory<byte> body)
    {
        var call = ActorCallBody.Read(body, SandboxCallsJsonContext.Default.SandboxCall);
        if (call.SessionId != sessionId)
        {
            throw DaprCallRefusedException.BadRequest("The call names another session than the actor it was sent to", "session_mismatch");
        }

        var content = AgentContent.Of(call.TenantId, call.AgentName, call.ContentId);
        if (!content.IsSuccess)
        {
            throw Refused(content.Error);
        }

        var folder = content.Value.Resolve(agentsDirectory);
        if (!folder.IsSuccess)
        {
            throw Refused(folder.Error);
        }

        return new SandboxSpec(sessionId, call.TenantId, call.AgentName, folder.Value, call.AgentEnv, call.Options) { Config = ConfigOf(content.Value, folder.Value) };
    }

    private AgentConfig ConfigOf(AgentContent content, string folder)
    {
        if (_configs.TryGetValue(content, out var known))
        {
            return known;
        }

        var config = AgentConfigFile.Load(folder);
        if (!config.IsSuccess)
        {
            throw Refused(config.Error);
        }

        if (_configs.Count >= MaxKnownConfigs)
        {
            _configs.Clear();
        }

        return _configs[content] = config.Value;
    }

    private static DaprCallRefusedException Refused(AshError error) => DaprCallRefusedException.BadRequest(error.Message, error.Code);

    /// <summary>A session has one process: a start replaces whatever ran before (its app lost track of it after a restart).</summary>
    private async Task<StartAnswer> StartAsync(SandboxSpec spec, CancellationToken cancellationToken)
    {
        await StopAsync(spec.SessionId);
        var process = await local.StartAsync(spec, cancellationToken);
        var generation = Interlocked.Increment(ref _generations);
        _processes[spec.SessionId] = new NodeProcess(generation, process);
        return new StartAnswer(process.SandboxId, generation);
    }

    private async Task StopAsync(Guid sessionId)
    {
        if (_processes.TryRemove(sessionId, out var previous))
        {
            await previous.Process.DisposeAsync();
        }
    }

    private NodeProcess Current(Guid sessionId, long generation) =>
        _processes.TryGetValue(sessionId, out var process) && process.Generation == generation && !process.Process.Exited.IsCompleted
            ? process
            : throw new InvalidOperationException("the sandbox is no longer running");
}
