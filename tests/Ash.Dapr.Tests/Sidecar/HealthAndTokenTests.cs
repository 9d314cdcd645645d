using System.Net;
using System.Text.Json.Nodes;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>Health, metadata and the two tokens (reference §9).</summary>
public sealed class HealthAndTokenTests : IAsyncLifetime
{
    private TestMesh testMesh = null!;

    public async ValueTask InitializeAsync() =>
        testMesh = await TestMesh.StartAsync(
        [
            (new SidecarDefinition("secured") { ApiToken = "api-secret", AppToken = "app-secret" },
                new TestDaprAppOptions("""{"entities":["Vault"]}""", """[{"pubsubname":"pubsub","topic":"t","route":"/events/t"}]""")),
            (new SidecarDefinition("open"), null),
        ]);

    public ValueTask DisposeAsync() => testMesh.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task ApiToken_MissingOrWrong_Returns401WithErrorBody(string? token)
    {
        using var client = testMesh.Client("secured", token);

        using var state = await client.GetAsync("/v1.0/state/statestore/k");
        using var metadata = await client.GetAsync("/v1.0/metadata");

        Assert.Equal(HttpStatusCode.Unauthorized, state.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, metadata.StatusCode);
        var (code, _) = await SidecarClient.ReadErrorAsync(state);
        Assert.StartsWith("ERR_", code, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiToken_Right_IsAccepted()
    {
        using var client = testMesh.Client("secured", "api-secret");

        using var response = await client.GetAsync("/v1.0/state/statestore/k");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_IsExemptFromApiToken()
    {
        using var client = testMesh.Client("secured");

        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/v1.0/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/v1.0/healthz/outbound")).StatusCode);
    }

    [Fact]
    public async Task AppToken_IsSentOnEveryCallToTheApp()
    {
        using var client = testMesh.Client("secured", "api-secret");
        await client.PostAsync("/v1.0/actors/Vault/v1/method/open", "{}");
        await client.PostAsync("/v1.0/actors/Vault/v1/reminders/r", """{"dueTime":"0s"}""");
        await client.PostAsync("/v1.0/publish/pubsub/t", "{}");
        await Eventually.TrueAsync(() => !testMesh.App("secured").Events.IsEmpty, "the event to be delivered");
        await Eventually.TrueAsync(() => testMesh.App("secured").Tokens.Any(t => t.Path == "/actors/Vault/v1/method/remind/r"), "the reminder to fire");
        await testMesh.Mesh.DeactivateAllAsync(TestContext.Current.CancellationToken);

        var seen = testMesh.App("secured").Tokens.ToList();

        Assert.Contains(seen, t => t.Path == "/dapr/config");
        Assert.Contains(seen, t => t.Path == "/dapr/subscribe");
        Assert.Contains(seen, t => t.Path == "/actors/Vault/v1/method/open");
        Assert.Contains(seen, t => t.Path == "/actors/Vault/v1/method/remind/r");
        Assert.Contains(seen, t => t.Path == "/actors/Vault/v1");
        Assert.Contains(seen, t => t.Path == "/events/t");
        Assert.All(seen, t => Assert.Equal("app-secret", t.Token));
    }

    [Fact]
    public async Task ApiToken_IsNotForwardedToTheApp()
    {
        using var client = testMesh.Client("secured", "api-secret");

        await client.PostAsync("/v1.0/actors/Vault/v2/method/peek", "{}");

        var call = Assert.Single(testMesh.App("secured").CallsTo("peek"));
        Assert.Equal("app-secret", call.Headers["dapr-api-token"]);
    }

    [Fact]
    public async Task Metadata_DescribesTheSidecar()
    {
        using var client = testMesh.Client("secured", "api-secret");
        await client.PostAsync("/v1.0/actors/Vault/m1/method/open", "{}");

        var metadata = JsonNode.Parse(await (await client.GetAsync("/v1.0/metadata")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        Assert.Equal("secured", (string?)metadata["id"]);
        Assert.Equal("ash-stand-in", (string?)metadata["runtimeVersion"]);
        Assert.Equal(1, (int?)metadata["actors"]!.AsArray().Single(a => (string?)a!["type"] == "Vault")!["count"]);
        Assert.Contains(metadata["components"]!.AsArray(), c => (string?)c!["name"] == "statestore");
        Assert.Contains(metadata["components"]!.AsArray(), c => (string?)c!["name"] == "pubsub");
        Assert.Equal(testMesh.App("secured").BaseUrl.Port, (int?)metadata["appConnectionProperties"]!["port"]);
        Assert.Equal("http", (string?)metadata["appConnectionProperties"]!["protocol"]);
        Assert.Equal("RUNNING", (string?)metadata["actorRuntime"]!["runtimeStatus"]);
        Assert.True((bool?)metadata["actorRuntime"]!["hostReady"]);
        Assert.Equal("placement: connected", (string?)metadata["actorRuntime"]!["placement"]);
    }

    [Fact]
    public async Task Healthz_AppNotAnswering_Returns500_OutboundReturns204()
    {
        var closedPort = UnusedPort.Pick();
        await using var mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            Sidecars = [new SidecarDefinition("lonely") { AppBaseUrl = new Uri($"http://127.0.0.1:{closedPort}") }],
        }, TestContext.Current.CancellationToken);
        using var client = new SidecarClient(mesh.Sidecar("lonely"));

        using var healthz = await client.GetAsync("/v1.0/healthz");
        using var outbound = await client.GetAsync("/v1.0/healthz/outbound");

        Assert.Equal(HttpStatusCode.InternalServerError, healthz.StatusCode);
        Assert.Equal("ERR_HEALTH_NOT_READY", (await SidecarClient.ReadErrorAsync(healthz)).ErrorCode);
        Assert.Equal(HttpStatusCode.NoContent, outbound.StatusCode);
        Assert.False(mesh.Sidecar("lonely").IsAppChannelReady);
    }

    [Fact]
    public async Task Healthz_SidecarWithoutApp_IsReadyAtOnce()
    {
        using var client = testMesh.Client("open");

        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync("/v1.0/healthz")).StatusCode);
    }

    [Fact]
    public async Task Start_InvalidOptions_ListsEveryProblem()
    {
        var options = new DaprMeshOptions
        {
            Sidecars = [new SidecarDefinition("a"), new SidecarDefinition("a")],
            MaxDeliveryAttempts = 0,
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => DaprMesh.StartAsync(options, TestContext.Current.CancellationToken));

        Assert.Contains("'a' is used by 2 sidecars", error.Message, StringComparison.Ordinal);
        Assert.Contains("MaxDeliveryAttempts", error.Message, StringComparison.Ordinal);
    }
}
