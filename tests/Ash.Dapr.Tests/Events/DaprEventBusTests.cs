using System.Text.Json;
using Ash.Core.Events;
using Ash.Dapr.Events;
using Ash.Dapr.Tests.App;
using Ash.Dapr.Tests.Sidecar;
using Ash.Storage.Sqlite;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Microsoft.Extensions.Logging.Abstractions;
using DaprClientBuilder = global::Dapr.Client.DaprClientBuilder;

namespace Ash.Dapr.Tests.Events;

/// <summary>
/// The publish loop through the SDK's DaprClient (daprd's gRPC API): while no sidecar answers it retries, and once one
/// is up the waiting batch and the next are published, in order, as the CloudEvent's data.
/// </summary>
public sealed class DaprEventBusTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ash-dapr-bus-" + Guid.NewGuid().ToString("N"));
    private SqliteDatabase _database = null!;

    public async ValueTask InitializeAsync() =>
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_directory, "ash.db"), fullSync: false, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Publish_WhileNoSidecarAnswers_IsRetried_ThenGoesOnInOrder()
    {
        var grpcPort = UnusedPort.Pick();
        var events = new RecordingSubscription("ash-pubsub", "session-events");
        await using var app = await DaprAppHost.StartAsync([], [events], AppBehindSidecar.AppToken);
        using var sdk = new DaprClientBuilder().UseGrpcEndpoint($"http://127.0.0.1:{grpcPort}").Build();
        await using var bus = new DaprEventBus(sdk, new SqliteEventLog(_database), new DaprEventTopic(), NullLogger<DaprEventBus>.Instance);
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();

        bus.Publish(first, [Event(first, 1)]);
        await using var mesh = await DaprMesh.StartAsync(
            new DaprMeshOptions
            {
                Sidecars = [new SidecarDefinition("api") { AppBaseUrl = app.BaseUrl, AppToken = AppBehindSidecar.AppToken, GrpcPort = grpcPort }],
                PubSubs = ["ash-pubsub"],
            },
            TestContext.Current.CancellationToken);
        await mesh.WaitForAppChannelsAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => events.Received.Count >= 1, "the batch published before the sidecar was up");
        bus.Publish(second, [Event(second, 1)]);
        await Eventually.TrueAsync(() => events.Received.Count >= 2, "the next batch");

        Assert.Equal([first, second], events.Received.Select(received => SessionOf(received.Data)));
        Assert.All(events.Received, received => Assert.Equal("api", received.Delivery.Source));
    }

    private static SessionEvent Event(Guid session, long sequence) =>
        new(session, "default", sequence, 1, "text_delta", """{"delta":"x"}"""u8.ToArray(), DateTimeOffset.UtcNow);

    private static Guid SessionOf(string data) => JsonDocument.Parse(data).RootElement.GetProperty("sessionId").GetGuid();
}
