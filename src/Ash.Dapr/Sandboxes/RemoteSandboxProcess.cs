using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Ash.Core.Sandboxes;
using Ash.Dapr.Client;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.Sandboxes;

/// <summary>
/// An agent process running on another node, seen from the sessions app. Its output arrives by long
/// polling the node (<c>read</c> on <c>&lt;session&gt;.out</c>; Dapr service invocation buffers whole responses,
/// dapr-http-api.md §4.3, so a stream cannot cross it), its stdin is one <c>write</c> call per line. A node
/// that stops answering for <see cref="NodeLostAfter"/> counts as the process gone. The polling loop is this object's:
/// a failed poll is retried, and anything else that goes wrong in it is logged and ends the process, which the session
/// sees as its exit; the loop itself never faults (a fault used to wait, unseen, for the disposal to throw it).
/// </summary>
internal sealed partial class RemoteSandboxProcess : ISandboxProcess
{
    public static readonly TimeSpan NodeLostAfter = TimeSpan.FromSeconds(30);

    private const int PollWaitMs = 10_000;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private readonly DaprClient _dapr;
    private readonly string _actorType;
    private readonly Guid _sessionId;
    private readonly long _generation;
    private readonly TimeProvider _time;
    private readonly Channel<AgentOutput> _output = Channel.CreateBounded<AgentOutput>(new BoundedChannelOptions(64)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Lock _hitsLock = new();
    private readonly List<LimitHit> _hits = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<AgentExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;
    private readonly Action _released;
    private readonly ILogger _logger;

    public RemoteSandboxProcess(DaprClient dapr, string node, Guid sessionId, StartAnswer started, TimeProvider time, ILogger logger, Action released)
    {
        _dapr = dapr;
        _actorType = SandboxActorIds.TypeOf(node);
        _sessionId = sessionId;
        _generation = started.Generation;
        _time = time;
        _logger = logger;
        _released = released;
        SandboxId = started.SandboxId;
        Node = node;
        _reading = Task.Run(ReadLoopAsync);
    }

    public string SandboxId { get; }

    public string Node { get; }

    public ChannelReader<AgentOutput> Output => _output.Reader;

    public Task<AgentExit> Exited => _exited.Task;

    public async ValueTask WriteLineAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new WriteCall(_generation, line.ToArray()), SandboxCallsJsonContext.Default.WriteCall);
        await _dapr.InvokeActorAsync(_actorType, SandboxActorIds.Control(_sessionId), "write", body, cancellationToken);
    }

    public IReadOnlyList<LimitHit> TakeLimitHits()
    {
        lock (_hitsLock)
        {
            var taken = _hits.ToList();
            _hits.Clear();
            return taken;
        }
    }

    public async Task<ExecResult> ExecAsync(ExecRequest request, CancellationToken cancellationToken)
    {
        if (Exited.IsCompleted)
        {
            throw new InvalidOperationException("the sandbox is no longer running");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ExecCall(_generation, request.Command, (long)request.Timeout.TotalMilliseconds, request.MaxOutputBytes), SandboxCallsJsonContext.Default.ExecCall);
        var answer = await _dapr.InvokeActorAsync(_actorType, SandboxActorIds.Exec(_sessionId), "exec", body, cancellationToken);
        return JsonSerializer.Deserialize(answer, SandboxCallsJsonContext.Default.ExecResult)
            ?? throw new InvalidOperationException("the sandbox host answered exec with nothing");
    }

    public async Task KillAsync()
    {
        if (!Exited.IsCompleted)
        {
            await SendKillAsync();
        }

        await Exited;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _stopping.CancelAsync();
        await _reading;
        _stopping.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        // The long polls are this process's plumbing, not part of the turn or step that started it: with no parent
        // they are not traced at all (an outgoing call with no span around it goes out unsampled, see Ash.Server's
        // Tracing), and neither is the node's side of them.
        Activity.Current = null;
        long after = 0;
        var lastAnswer = _time.GetTimestamp();
        AgentExit? exit = null;
        try
        {
            while (exit is null)
            {
                ReadAnswer? answer = null;
                try
                {
                    var body = JsonSerializer.SerializeToUtf8Bytes(new ReadCall(_generation, after, PollWaitMs), SandboxCallsJsonContext.Default.ReadCall);
                    var bytes = await _dapr.InvokeActorAsync(_actorType, SandboxActorIds.Output(_sessionId), "read", body, _stopping.Token);
                    answer = JsonSerializer.Deserialize(bytes, SandboxCallsJsonContext.Default.ReadAnswer);
                    lastAnswer = _time.GetTimestamp();
                }
                // A failed poll (the node's refusal, a timeout, a connection cut midway, a garbled answer) is retried;
                // only a node silent for NodeLostAfter, or this side letting go, ends the process here.
                catch (Exception exception) when (exception is DaprException or JsonException)
                {
                    if (_time.GetElapsedTime(lastAnswer) > NodeLostAfter)
                    {
                        exit = new AgentExit(-1, $"the sandbox host {Node} stopped answering: {exception.Message}");
                        break;
                    }

                    await Task.Delay(RetryDelay, _time, _stopping.Token);
                    continue;
                }

                if (answer is null || answer.Gone)
                {
                    exit = new AgentExit(-1, $"the sandbox host {Node} no longer runs this process");
                    break;
                }

                lock (_hitsLock)
                {
                    _hits.AddRange(answer.Hits);
                }

                foreach (var batch in answer.Batches)
                {
                    if (batch.Index <= after)
                    {
                        continue;
                    }

                    await _output.Writer.WriteAsync(new AgentOutput(batch.Lines, batch.LineTooLong), _stopping.Token);
                    after = batch.Index;
                }

                exit = answer.Exit;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            exit ??= new AgentExit(-1, "the session let go of the process");
        }
        catch (Exception exception)
        {
            // Not the node's answer but a fault on this side: the process is given up here, and killed on its node so
            // that it does not run on unseen beside the next one.
            ReadFailed(_logger, _sessionId, Node, exception);
            exit = new AgentExit(-1, $"reading the output of the process on the sandbox host {Node} failed; see the server log");
            await SendKillAsync();
        }
        finally
        {
            _output.Writer.TryComplete();
            _released();
            _exited.TrySetResult(exit ?? new AgentExit(-1, "the process ended without a word"));
        }
    }

    private async Task SendKillAsync()
    {
        try
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new GenerationCall(_generation), SandboxCallsJsonContext.Default.GenerationCall);
            await _dapr.InvokeActorAsync(_actorType, SandboxActorIds.Control(_sessionId), "kill", body, CancellationToken.None);
        }
        catch (DaprException)
        {
            // The node is unreachable: the read loop gives the process up when it stays so.
        }
    }

    [LoggerMessage(EventId = 5210, Level = LogLevel.Error, Message = "Reading the output of session {SessionId}'s process on sandbox host {Node} failed; the process is given up")]
    private static partial void ReadFailed(ILogger logger, Guid sessionId, string node, Exception exception);
}
