using System.Net;
using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// The server on Dapr (<c>--dapr true</c>, every role in one app) with the daprd stand-in as its sidecar:
/// reminders are Dapr actor reminders of the type <c>session</c>, events travel through the stand-in's
/// broker on <c>ash-pubsub/session-events</c>, and both API tokens are on.
/// </summary>
public class DaprPlatformFixture : PlatformFixture
{
    public const string AppId = "ash-api";
    public const string SidecarToken = "dapr-api-token-for-tests";
    public const string AppToken = "app-api-token-for-tests";

    private readonly int _sidecarPort = ServerProcess.FreePort();
    private readonly int _sidecarGrpcPort = ServerProcess.FreePort();

    /// <summary>The loopback listener daprd calls; the REST API is on the server's own port.</summary>
    public int AppPort { get; } = ServerProcess.FreePort();

    public Uri AppUrl => new($"http://127.0.0.1:{AppPort}");

    public DaprMesh Mesh { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Ash:Dapr:Enabled"] = "true",
        ["Ash:Dapr:SidecarHttpPort"] = _sidecarPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ash:Dapr:SidecarGrpcPort"] = _sidecarGrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ash:Dapr:ApiToken"] = SidecarToken,
        ["Ash:Dapr:AppApiToken"] = AppToken,
        ["Ash:Dapr:AppPort"] = AppPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ash:Sessions:IdleTimeout"] = "00:00:03",
    };

    protected override async Task OnServerStartedAsync()
    {
        Mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            Sidecars = [new SidecarDefinition(AppId) { HttpPort = _sidecarPort, GrpcPort = _sidecarGrpcPort, AppBaseUrl = AppUrl, ApiToken = SidecarToken, AppToken = AppToken }],
            StateStores = [new StateStoreDefinition("ash-state") { IsActorStateStore = true }],
            PubSubs = ["ash-pubsub"],
        });

        // The API answers 503 "starting" until the sidecar is ready and recovery has run.
        var ready = TimeSpan.FromSeconds(60);
        using var timeout = new CancellationTokenSource(ready);
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await Server.Http.GetAsync("/api/agents", timeout.Token);
                return response.StatusCode != HttpStatusCode.ServiceUnavailable;
            },
            "the API to stop answering 503 once the sidecar is ready",
            ready);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mesh.DisposeAsync();
    }
}
