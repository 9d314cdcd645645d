using System.Net;
using System.Net.Http;
using System.Text.Json;
using Ash.Dapr.Client;
using Ash.Dapr.Sandboxes;
using Ash.Dapr.Tests.Client;
using Microsoft.Extensions.Time.Testing;

namespace Ash.Dapr.Tests.Sandboxes;

/// <summary>The sessions app's view of live nodes when the registry cannot be read: none known, never an exception to the caller.</summary>
public sealed class NodeDirectoryTests
{
    [Fact]
    public async Task LiveNodes_WhileTheRegistryTimesOutOrIsCutOff_AreNone_ThenWhatItAnswers()
    {
        var answer = new NodeListAnswer([new NodeStatus("node-b", 2), new NodeStatus("node-a", 0)]);
        var sidecar = new ScriptedSidecar(
            _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(answer, SandboxCallsJsonContext.Default.NodeListAnswer)),
            }),
            ScriptedSidecar.TimesOut,
            ScriptedSidecar.CutsOff);
        using var http = new HttpClient(sidecar);
        var time = new FakeTimeProvider();
        var directory = new NodeDirectory(new DaprClient(http, new DaprClientOptions(new Uri("http://127.0.0.1:3500/"), ApiToken: null)), time);

        var whileTimedOut = await directory.LiveNodesAsync(CancellationToken.None);
        time.Advance(NodeDirectory.Freshness);
        var whileCutOff = await directory.LiveNodesAsync(CancellationToken.None);
        time.Advance(NodeDirectory.Freshness);
        var answered = await directory.LiveNodesAsync(CancellationToken.None);

        Assert.Empty(whileTimedOut);
        Assert.Empty(whileCutOff);
        Assert.Equal(["node-a", "node-b"], answered);
    }
}
