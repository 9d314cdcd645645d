using System.Net;
using System.Net.Http;
using System.Text.Json;
using Ash.Core.Sandboxes;
using Ash.Dapr.Client;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Tests.Client;
using Ash.Testing.Common;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>The session side of a process on another node: a poll that fails in any way an HTTP call can is retried.</summary>
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

        await using var process = new RemoteSandboxProcess(dapr, "node-a", Guid.NewGuid(), new StartAnswer("sbx-remote", 1), TimeProvider.System, released: () => { });
        var exit = await process.Exited.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(0, exit.ExitCode);
        Assert.True(process.Output.TryRead(out var output), "the batch read after the failed polls was not handed on");
        Assert.Equal("{\"type\":\"system\"}", System.Text.Encoding.UTF8.GetString(Assert.Single(output.Lines)));
        Assert.Equal(3, sidecar.Calls);
    }
}
