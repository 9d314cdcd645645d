using System.Net;
using System.Net.Http;
using System.Threading.Channels;
using Ash.Dapr.Client;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Tests.Client;
using Ash.Testing.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>A sandbox host's heartbeat goes on through the failures one HTTP call can meet.</summary>
public sealed class NodeHeartbeatTests
{
    [Fact]
    public async Task Heartbeat_AfterATimeoutAndACutConnection_BeatsAgain_AndKeepsRunning()
    {
        var beats = Channel.CreateUnbounded<string>();
        var sidecar = new ScriptedSidecar(
            request =>
            {
                beats.Writer.TryWrite(request.RequestUri!.AbsolutePath);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) });
            },
            ScriptedSidecar.TimesOut,
            ScriptedSidecar.CutsOff);
        using var http = new HttpClient(sidecar);
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null));
        var local = new RecordingSandboxHost();
        await using var node = new SandboxNodeActorType("node-a", local, local, Path.GetTempPath());
        var time = new FakeTimeProvider();
        using var heartbeat = new NodeHeartbeat(dapr, node, "node-a", Task.CompletedTask, time, NullLogger<NodeHeartbeat>.Instance);

        await heartbeat.StartAsync(CancellationToken.None);
        var beat = beats.Reader.ReadAsync().AsTask();
        await time.AdvanceUntilAsync(beat, NodeHeartbeat.Interval);

        Assert.EndsWith("/method/heartbeat", await beat, StringComparison.Ordinal);
        Assert.Equal(3, sidecar.Calls);
        Assert.False(heartbeat.ExecuteTask!.IsCompleted, "the heartbeat loop ended");
        await heartbeat.StopAsync(CancellationToken.None);
    }
}
