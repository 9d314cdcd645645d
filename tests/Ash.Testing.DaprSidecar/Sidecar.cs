using Ash.Testing.DaprSidecar.Apps;
using Ash.Testing.DaprSidecar.PubSub;

namespace Ash.Testing.DaprSidecar;

/// <summary>One daprd's own state: its definition, its app channel and what it read from the app.</summary>
internal sealed class Sidecar
{
    private readonly TaskCompletionSource appChannelReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile AppConfiguration configuration = AppConfiguration.NoActors;
    private volatile IReadOnlyList<Subscription> subscriptions = [];

    public Sidecar(SidecarDefinition definition, AppChannel? app)
    {
        Definition = definition;
        App = app;
        if (app is null)
        {
            appChannelReady.SetResult();
        }
    }

    public SidecarDefinition Definition { get; }

    public string Name => Definition.Name;

    public string AppId => Definition.AppId;

    public AppChannel? App { get; }

    public int HttpPort { get; set; }

    public int GrpcPort { get; set; }

    public AppConfiguration Configuration => configuration;

    public IReadOnlyList<Subscription> Subscriptions => subscriptions;

    public Task AppChannelReady => appChannelReady.Task;

    public bool IsAppChannelReady => appChannelReady.Task.IsCompleted;

    public void CompleteAppChannel(AppConfiguration appConfiguration, IReadOnlyList<Subscription> appSubscriptions)
    {
        configuration = appConfiguration;
        subscriptions = appSubscriptions;
        appChannelReady.TrySetResult();
    }
}
