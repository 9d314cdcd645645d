using Ash.Testing.DaprSidecar;

namespace Ash.Dapr.Tests.Sidecar;

/// <summary>A mesh plus the test apps behind its sidecars, disposed together; waits until every app channel is up.</summary>
internal sealed class TestMesh : IAsyncDisposable
{
    private readonly List<TestDaprApp> apps;

    private TestMesh(DaprMesh mesh, Dictionary<string, TestDaprApp> appsBySidecar)
    {
        Mesh = mesh;
        Apps = appsBySidecar;
        apps = [.. appsBySidecar.Values];
    }

    public DaprMesh Mesh { get; }

    public IReadOnlyDictionary<string, TestDaprApp> Apps { get; }

    public TestDaprApp App(string sidecarName) => Apps[sidecarName];

    public SidecarClient Client(string sidecarName, string? apiToken = null) => new(Mesh.Sidecar(sidecarName), apiToken);

    /// <summary>Starts one test app per definition that has options (null = sidecar without app), then the mesh.</summary>
    public static async Task<TestMesh> StartAsync(
        IReadOnlyList<(SidecarDefinition Sidecar, TestDaprAppOptions? App)> sidecars,
        Func<DaprMeshOptions, DaprMeshOptions>? configure = null)
    {
        var apps = new Dictionary<string, TestDaprApp>();
        var definitions = new List<SidecarDefinition>();
        try
        {
            foreach (var (sidecar, appOptions) in sidecars)
            {
                if (appOptions is null)
                {
                    definitions.Add(sidecar);
                    continue;
                }

                var app = await TestDaprApp.StartAsync(appOptions);
                apps[sidecar.Name] = app;
                definitions.Add(sidecar with { AppBaseUrl = app.BaseUrl });
            }

            var options = FastMesh.Options(definitions);
            var mesh = await FastMesh.StartAsync(configure?.Invoke(options) ?? options);
            return new TestMesh(mesh, apps);
        }
        catch
        {
            foreach (var app in apps.Values)
            {
                await app.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Mesh.DisposeAsync();
        foreach (var app in apps)
        {
            await app.DisposeAsync();
        }
    }
}
