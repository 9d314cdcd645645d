using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using Ash.Core.Sandboxes;
using Ash.Dapr.Client;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Tests.Client;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>
/// The session side of a process on another node: a poll that fails in any way an HTTP call can is retried; a fault of
/// this side's reading is logged and ends the process.
/// </summary>
public sealed class RemoteSandboxProcessTests
{
    [Fact]
    public async Task Output_AfterATimedOutPoll_AndOneCutOff_StillArrives_WithTheProcessesOwnExit()
    {
        var answer = new ReadAnswer([new OutputBatch(1, ["{\"type\":\"system\"}"u8.ToArray()], LineTooLong: false)], [], new AgentExit(0, ""), Gone: false);
        var sidecar = new ScriptedSidecar(
            _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(answer, SandboxCallsJsonContext.Default.ReadAnswer)),
            }),
            ScriptedSidecar.TimesOut,
            ScriptedSidecar.CutsOff);
        using var http = new HttpClient(sidecar);
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null));

        await using var process = new RemoteSandboxProcess(dapr, "node-a", Guid.NewGuid(), new StartAnswer("sbx-remote", 1), TimeProvider.System, NullLogger.Instance, released: () => { });
        var exit = await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(0, exit.ExitCode);
        Assert.True(process.Output.TryRead(out var output), "the batch read after the failed polls was not handed on");
        Assert.Equal("{\"type\":\"system\"}", System.Text.Encoding.UTF8.GetString(Assert.Single(output.Lines)));
        Assert.Equal(3, sidecar.Calls);
    }

    [Fact]
    public async Task ReadingThatFaults_IsLogged_EndsTheProcessWithItsReason_KillsItOnTheNode_AndDisposalCompletes()
    {
        // An answer this side cannot take in (lists missing): not a failed call to retry, but a fault of the reading itself.
        var methods = new ConcurrentQueue<string>();
        var sidecar = new ScriptedSidecar(
            request =>
            {
                methods.Enqueue(request.RequestUri!.AbsolutePath);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
            },
            request =>
            {
                methods.Enqueue(request.RequestUri!.AbsolutePath);
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"batches":null,"hits":null,"gone":false}""") };
            });
        using var http = new HttpClient(sidecar);
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null));
        var logs = new FakeLogger();
        var released = 0;

        var process = new RemoteSandboxProcess(dapr, "node-a", Guid.NewGuid(), new StartAnswer("sbx-remote", 1), TimeProvider.System, logs, released: () => Interlocked.Increment(ref released));
        var exit = await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(-1, exit.ExitCode);
        Assert.Contains("see the server log", exit.StderrTail);
        Assert.IsType<ArgumentNullException>(Assert.Single(logs.Collector.GetSnapshot(), r => r.Id.Id == 5210).Exception);
        Assert.Equal(["/method/read", "/method/kill"], methods.Select(path => path[path.LastIndexOf("/method/", StringComparison.Ordinal)..]));
        Assert.Equal(1, released);
        await process.DisposeAsync().AsTask().WaitAsync(Eventually.DefaultTimeout);
    }
}
