using Ash.Testing.FakeModel;

namespace Ash.Testing.Server;

/// <summary>
/// One fake model API and one server for a test class. Tests share them but never each other's data:
/// each deploys its own agent and creates its own sessions.
/// </summary>
public class PlatformFixture : IAsyncLifetime
{
    /// <summary>The real upstream key: only the model proxy may ever hold it.</summary>
    public const string RealModelKey = "sk-ant-real-key-must-never-reach-a-sandbox";

    /// <summary>A secret in the server's own environment; the sandbox must not see it.</summary>
    public const string HostSecret = "host-secret-value-0e6b1c";

    public FakeModelServer Model { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Environment.SetEnvironmentVariable("ASH_TEST_HOST_SECRET", HostSecret);
        Model = await FakeModelServer.StartAsync(RealModelKey);
        Server = await TestServer.StartAsync(Model.BaseUrl, RealModelKey, extra: Settings);
        await OnServerStartedAsync();
    }

    /// <summary>Runs once the server listens (a derived fixture starts what the server waits for, e.g. its Dapr sidecar).</summary>
    protected virtual Task OnServerStartedAsync() => Task.CompletedTask;

    /// <summary>Server settings a derived fixture changes (configuration keys, e.g. <c>Ash:Sessions:IdleTimeout</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await Model.DisposeAsync();
    }
}
