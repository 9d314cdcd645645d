using System.Diagnostics;
using System.Net;
using Ash.Testing.Common;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// Two API replicas: a key revoked through one fails on the other from its next request on (no replica
/// caches keys in Dapr mode), and the other replica's open stream of that key ends within its watch interval.
/// </summary>
public sealed class ReplicaKeyRevocationTests : IAsyncLifetime
{
    private DaprCluster _cluster = null!;

    public async ValueTask InitializeAsync() =>
        _cluster = await DaprCluster.StartAsync(
            new ClusterApp("ash-api-1", "ash-api", "api,sessions", null),
            new ClusterApp("ash-api-2", "ash-api", "api,sessions", null),
            new ClusterApp("ash-node-a", "ash-node-a", "sandbox-host", "a"));

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task KeyRevokedThroughOneReplica_FailsAtOnceOnTheOtherAndItsStreamThereEnds()
    {
        using var first = _cluster.App("ash-api-1").CreateClient();
        using var second = _cluster.App("ash-api-2").CreateClient();
        await Eventually.TrueAsync(async () => (await DaprCluster.SandboxHostsAsync(second)).Count == 1, "the second replica to see the sandbox host", DaprCluster.Patience);
        var (keyId, key) = await TenantCalls.CreateKeyAsync(first, "replicated");
        using var keyOnSecond = new HttpClient { BaseAddress = _cluster.App("ash-api-2").BaseUrl, Timeout = TimeSpan.FromSeconds(120) };
        keyOnSecond.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var session = await Api.CreateSessionAsync(keyOnSecond, await Api.DeployAgentAsync(keyOnSecond, RepositoryPaths.ExampleAgent));
        Assert.Equal(HttpStatusCode.OK, (await TenantCalls.StatusAsync(keyOnSecond, HttpMethod.Get, "/api/sessions")).Status);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sessions/{session}/stream");
        using var response = await keyOnSecond.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        await Api.EnsureStatusAsync(response, HttpStatusCode.OK);
        var reading = ReadAllAsync(await response.Content.ReadAsStreamAsync(timeout.Token), timeout.Token);

        Assert.Equal(HttpStatusCode.NoContent, (await TenantCalls.StatusAsync(first, HttpMethod.Delete, $"/api/api-keys/{keyId}")).Status);
        var clock = Stopwatch.StartNew();

        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_api_key"), await TenantCalls.StatusAsync(keyOnSecond, HttpMethod.Get, "/api/sessions"));
        var frames = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("api_key_revoked", frames[^1].Json.GetProperty("code").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the other replica's stream took {clock.Elapsed} to end");
    }

    private static async Task<List<SseFrame>> ReadAllAsync(Stream body, CancellationToken cancellationToken)
    {
        var frames = new List<SseFrame>();
        await foreach (var frame in SseReader.ReadAsync(body, cancellationToken))
        {
            frames.Add(frame);
        }

        return frames;
    }
}
