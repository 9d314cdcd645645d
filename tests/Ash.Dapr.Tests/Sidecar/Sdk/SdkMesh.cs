using Ash.Testing.Common;
using Ash.Testing.DaprSidecar;
using Dapr.Actors;
using Dapr.Actors.Client;
using Dapr.Client;
using Microsoft.AspNetCore.Connections;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// The stand-in with real SDK apps behind it: every sidecar checks an API token and sends an app token, as a
/// deployment does. Each app is told its sidecar's address before the mesh starts (a port picked up front), as
/// <c>dapr run</c> and the Kubernetes injector tell theirs.
/// </summary>
internal sealed class SdkMesh : IAsyncDisposable
{
    public const string ApiToken = "sdk-api-token-0123456789";

    public const string AppToken = "sdk-app-token-0123456789";

    private readonly List<SdkAppHost> apps;

    private SdkMesh(DaprMesh mesh, List<SdkAppHost> apps)
    {
        Mesh = mesh;
        this.apps = apps;
    }

    public DaprMesh Mesh { get; }

    public IReadOnlyList<SdkAppHost> Apps => apps;

    /// <summary>
    /// Starts one app per entry (named by its sidecar; null = a sidecar without app), then the mesh. The sidecars' ports
    /// are picked before the mesh binds them; when another test took one in between, it all starts again on new ports.
    /// </summary>
    public static async Task<SdkMesh> StartAsync(
        IReadOnlyList<(string Sidecar, Func<SdkSidecarSettings, Task<SdkAppHost>>? StartApp)> sidecars,
        Func<DaprMeshOptions, DaprMeshOptions>? configure = null)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync(sidecars, configure);
            }
            catch (IOException exception) when (attempt < Attempts && exception.InnerException is AddressInUseException)
            {
                // A port picked for a sidecar was taken before the mesh bound it.
            }
        }
    }

    private static async Task<SdkMesh> TryStartAsync(
        IReadOnlyList<(string Sidecar, Func<SdkSidecarSettings, Task<SdkAppHost>>? StartApp)> sidecars,
        Func<DaprMeshOptions, DaprMeshOptions>? configure)
    {
        var apps = new List<SdkAppHost>();
        var definitions = new List<SidecarDefinition>();
        try
        {
            foreach (var (name, startApp) in sidecars)
            {
                var definition = new SidecarDefinition(name) { HttpPort = UnusedPort.Pick(), GrpcPort = UnusedPort.Pick(), ApiToken = ApiToken, AppToken = AppToken };
                if (startApp is not null)
                {
                    var app = await startApp(SettingsOf(definition));
                    apps.Add(app);
                    definition = definition with { AppBaseUrl = app.BaseUrl };
                }

                definitions.Add(definition);
            }

            var options = FastMesh.Options(definitions);
            var mesh = await FastMesh.StartAsync(configure?.Invoke(options) ?? options);
            return new SdkMesh(mesh, apps);
        }
        catch
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>How an SDK user reaches actors through one sidecar, with the API token it checks (or another).</summary>
    public ActorProxyOptions ProxyOptions(string sidecar, string? apiToken = ApiToken) => new()
    {
        HttpEndpoint = Mesh.Sidecar(sidecar).BaseUrl.AbsoluteUri,
        DaprApiToken = apiToken,
        RequestTimeout = Eventually.DefaultTimeout,
    };

    public ICounterActor Counter(string sidecar, string actorId) =>
        ActorProxy.Create<ICounterActor>(new ActorId(actorId), CounterActor.TypeName, ProxyOptions(sidecar));

    public SidecarClient Client(string sidecar) => new(Mesh.Sidecar(sidecar), ApiToken);

    /// <summary>The SDK's DaprClient toward one sidecar: HTTP for health, gRPC for publish and metadata.</summary>
    public DaprClient DaprClient(string sidecar, string? apiToken = ApiToken) => new DaprClientBuilder()
        .UseHttpEndpoint(Mesh.Sidecar(sidecar).BaseUrl.AbsoluteUri)
        .UseGrpcEndpoint(Mesh.Sidecar(sidecar).GrpcEndpoint.AbsoluteUri)
        .UseDaprApiToken(apiToken)
        .Build();

    public async ValueTask DisposeAsync()
    {
        await Mesh.DisposeAsync();
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }

    private static SdkSidecarSettings SettingsOf(SidecarDefinition definition) => new(
        new Uri($"http://127.0.0.1:{definition.HttpPort}"),
        new Uri($"http://127.0.0.1:{definition.GrpcPort}"),
        definition.ApiToken,
        definition.AppToken);
}
