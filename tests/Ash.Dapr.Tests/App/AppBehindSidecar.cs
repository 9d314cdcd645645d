using Ash.Dapr.App;
using Ash.Dapr.Client;
using Ash.Testing.DaprSidecar;
using DaprClientBuilder = global::Dapr.Client.DaprClientBuilder;
using SdkDaprClient = global::Dapr.Client.DaprClient;

namespace Ash.Dapr.Tests.App;

/// <summary>
/// Our app endpoints (<see cref="DaprAppHost"/>) behind one daprd stand-in sidecar named <c>app</c> with an
/// actor state store <c>ash-state</c> and a pub/sub <c>ash-pubsub</c>, and our Dapr client pointed at that
/// sidecar. The actors are made with that client, so they can call their own sidecar, as in the server.
/// </summary>
internal sealed class AppBehindSidecar : IAsyncDisposable
{
    /// <summary>APP_API_TOKEN of the sidecar and the app, as in a real deployment.</summary>
    public const string AppToken = "app-token-behind-the-sidecar";

    private readonly DaprAppHost _app;
    private readonly HttpClient _http;

    private AppBehindSidecar(DaprAppHost app, DaprMesh mesh, HttpClient http, DaprClient dapr, SdkDaprClient sdk)
    {
        _app = app;
        Mesh = mesh;
        _http = http;
        Dapr = dapr;
        Sdk = sdk;
    }

    public DaprMesh Mesh { get; }

    public DaprClient Dapr { get; }

    /// <summary>The SDK's DaprClient toward the same sidecar (its HTTP and gRPC ports), as the server builds it.</summary>
    public SdkDaprClient Sdk { get; }

    public static async Task<AppBehindSidecar> StartAsync(
        Func<DaprClient, IReadOnlyList<IDaprActorType>> actors,
        IReadOnlyList<IDaprSubscription>? subscriptions = null,
        string? apiToken = null,
        CancellationToken cancellationToken = default)
    {
        var sidecarPort = DaprAppHost.FreePort();
        var grpcPort = DaprAppHost.FreePort();
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var dapr = new DaprClient(http, new DaprClientOptions(new Uri($"http://127.0.0.1:{sidecarPort}/"), apiToken));
        var app = await DaprAppHost.StartAsync(actors(dapr), subscriptions ?? [], AppToken);
        var mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            Sidecars = [new SidecarDefinition("app") { AppBaseUrl = app.BaseUrl, ApiToken = apiToken, AppToken = AppToken, HttpPort = sidecarPort, GrpcPort = grpcPort }],
            StateStores = [new StateStoreDefinition("ash-state") { IsActorStateStore = true }],
            PubSubs = ["ash-pubsub"],
        });
        await mesh.WaitForAppChannelsAsync(cancellationToken);
        var sdk = new DaprClientBuilder()
            .UseHttpEndpoint($"http://127.0.0.1:{sidecarPort}")
            .UseGrpcEndpoint($"http://127.0.0.1:{grpcPort}")
            .UseDaprApiToken(apiToken)
            .Build();
        return new AppBehindSidecar(app, mesh, http, dapr, sdk);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Sdk.Dispose();
        await Mesh.DisposeAsync();
        await _app.DisposeAsync();
    }
}
