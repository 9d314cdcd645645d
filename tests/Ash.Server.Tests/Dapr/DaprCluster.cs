using System.Globalization;
using Ash.Testing.DaprSidecar;
using Ash.Testing.FakeModel;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Dapr;

/// <summary>
/// Server processes as Dapr apps, each with its own data directory and its own sidecar from the daprd
/// stand-in (no real daprd runs here), one fake model API, and the snapshot and agents directories they share.
/// Like a real deployment, each app serves the routes daprd calls on a loopback listener of its own and
/// requires the app token, which its sidecar sends.
/// </summary>
internal sealed class DaprCluster : IAsyncDisposable
{
    public const string AppToken = "cluster-app-token-0123456789abcdef";

    /// <summary>How long the cluster gets to settle (sandbox hosts reporting in, placement, a replica taking over): several processes start on a small machine.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, ServerProcess> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Task<ServerProcess>>> _starts = new(StringComparer.Ordinal);
    private readonly FakeModelServer _model;

    private DaprCluster(string root, FakeModelServer model, DaprMesh mesh)
    {
        Root = root;
        _model = model;
        Mesh = mesh;
    }

    public string Root { get; }

    public string Shared => Path.Combine(Root, "shared");

    /// <summary>The agents directory every app mounts: deployed content, which the sandbox hosts read.</summary>
    public string Agents => Path.Combine(Root, "agents");

    public DaprMesh Mesh { get; }

    /// <summary>The fake model API every app's agents call; it records what it was sent.</summary>
    public FakeModelServer Model => _model;

    public ServerProcess App(string appId) => _apps[appId];

    /// <summary>Starts the mesh, then each app (app id, <c>--role</c>, <c>--node</c> or null) in order, each waiting until it answers /health.</summary>
    public static Task<DaprCluster> StartAsync(params (string AppId, string Roles, string? Node)[] apps) =>
        StartAsync(apps.Select(app => new ClusterApp(app.AppId, app.AppId, app.Roles, app.Node)).ToArray());

    /// <summary>As above, with replicas: apps sharing an app id, each with its own name, data directory and consumer group.</summary>
    public static async Task<DaprCluster> StartAsync(params ClusterApp[] apps)
    {
        var root = Path.Combine(Path.GetTempPath(), "ash-tests", "dapr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "shared"));
        File.SetUnixFileMode(Path.GetDirectoryName(root)!, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var ports = apps.ToDictionary(app => app.Name, _ => (App: ServerProcess.FreePort(), Sidecar: ServerProcess.FreePort(), SidecarGrpc: ServerProcess.FreePort(), DaprApp: ServerProcess.FreePort()), StringComparer.Ordinal);
        var model = await FakeModelServer.StartAsync(PlatformFixture.RealModelKey);
        var mesh = await DaprMesh.StartAsync(new DaprMeshOptions
        {
            // One consumer group per sidecar, as components/ sets it ({podName}): every replica gets every event.
            Sidecars = [.. apps.Select(app => new SidecarDefinition(app.AppId)
            {
                Name = app.Name,
                ConsumerId = app.Name,
                HttpPort = ports[app.Name].Sidecar,
                GrpcPort = ports[app.Name].SidecarGrpc,
                AppBaseUrl = new Uri($"http://127.0.0.1:{ports[app.Name].DaprApp}"),
                AppToken = AppToken,
            })],
            StateStores = [new StateStoreDefinition("ash-state") { IsActorStateStore = true }],
            PubSubs = ["ash-pubsub"],
        });

        var cluster = new DaprCluster(root, model, mesh);
        foreach (var app in apps)
        {
            cluster._starts[app.Name] = () => cluster.StartAppAsync(app, ports[app.Name].App, ports[app.Name].Sidecar, ports[app.Name].SidecarGrpc, ports[app.Name].DaprApp);
        }

        foreach (var app in apps.Where(app => !app.Deferred))
        {
            await cluster.StartDeferredAsync(app.Name);
        }

        return cluster;
    }

    /// <summary>Starts an app of the cluster that was not started yet (a replica joining), waiting until it answers /health.</summary>
    public async Task StartDeferredAsync(string name)
    {
        Assert.False(_apps.ContainsKey(name), $"{name} is running already");
        _apps[name] = await _starts[name]();
    }

    private Task<ServerProcess> StartAppAsync(ClusterApp app, int appPort, int sidecarPort, int sidecarGrpcPort, int daprAppPort)
    {
        var settings = new Dictionary<string, string>
        {
            ["Ash:Dapr:Enabled"] = "true",
            ["Ash:Dapr:SidecarHttpPort"] = sidecarPort.ToString(CultureInfo.InvariantCulture),
            ["Ash:Dapr:SidecarGrpcPort"] = sidecarGrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Ash:Dapr:AppPort"] = daprAppPort.ToString(CultureInfo.InvariantCulture),
            ["Ash:Dapr:AppApiToken"] = AppToken,
            ["Ash:Roles"] = app.Roles,
            ["Ash:Sandbox:SnapshotDirectory"] = Shared,
            ["Ash:Agents:Directory"] = Agents,
        };
        if (app.Node is not null)
        {
            settings["Ash:Node"] = app.Node;
        }

        // The api and sessions apps share the read model (one SQLite file on this machine); sandbox hosts keep none.
        var database = app.Roles.Contains("api", StringComparison.Ordinal) || app.Roles.Contains("sessions", StringComparison.Ordinal) ? Path.Combine(Root, "ash.db") : null;
        return ServerProcess.StartAsync(Path.Combine(Root, app.Name), database, appPort, _model.BaseUrl, PlatformFixture.RealModelKey, settings);
    }

    /// <summary>The app's process dies and its sidecar leaves placement, as when its machine goes away.</summary>
    public async Task RemoveAsync(string appId)
    {
        await _apps[appId].DisposeAsync();
        _apps.Remove(appId);
        Mesh.RemoveHost(appId);
    }

    public bool IsRunning(string appId) => _apps.ContainsKey(appId);

    /// <summary>The nodes whose data directory holds the session's workspace.</summary>
    public IReadOnlyList<string> NodesHolding(Guid session, params string[] nodes) =>
        nodes.Where(node => File.Exists(Path.Combine(Root, "ash-node-" + node, "sandboxes", session.ToString("D"), "volume.img"))).ToList();

    public static async Task<List<string>> SandboxHostsAsync(HttpClient http)
    {
        var health = await Api.GetJsonAsync(http, "/health");
        return health["sandboxHosts"]?.AsArray().Select(node => node!.GetValue<string>()).Order(StringComparer.Ordinal).ToList() ?? [];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps.Values)
        {
            await app.DisposeAsync();
        }

        await Mesh.DisposeAsync();
        await _model.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A sandbox's files may still be released; the temp directory is cleaned with the machine.
        }
    }
}
