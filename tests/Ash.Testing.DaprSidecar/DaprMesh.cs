using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Apps;
using Ash.Testing.DaprSidecar.Hosting;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.Reminders;
using Ash.Testing.DaprSidecar.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar;

/// <summary>
/// Every daprd of a small Dapr deployment plus its control plane (placement, scheduler) and shared components
/// (state stores, pub/sub broker), in one process: each sidecar is its own Kestrel listener on 127.0.0.1.
/// </summary>
public sealed class DaprMesh : IAsyncDisposable
{
    private readonly BackgroundWork background;
    private readonly HttpClient appClient;
    private readonly SharedComponents shared;
    private readonly IReadOnlyList<Sidecar> sidecars;
    private readonly List<WebApplication> servers = [];
    private int disposed;

    private DaprMesh(DaprMeshOptions options)
    {
        background = new BackgroundWork();
        // One client for all app channels; no redirects or cookies, and calls are bounded by their callers' tokens.
        appClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var placement = new Placement();
        var actors = new ActorRuntime(placement, options.TimeProvider, options.LoggerFactory.CreateLogger<ActorRuntime>());
        var schedules = new ActorSchedules(actors, background, options.ReminderRetry, options.TimeProvider, options.LoggerFactory.CreateLogger<ActorSchedules>());
        shared = new SharedComponents(placement, actors, schedules, new StateStores(options.StateStores), new Broker(options, background, options.LoggerFactory), options.TimeProvider);
        sidecars = [.. options.Sidecars.Select(definition => new Sidecar(
            definition,
            definition.AppBaseUrl is { } url ? new AppChannel(appClient, url, definition.AppToken) : null))];
        Sidecars = [.. sidecars.Select(sidecar => new MeshSidecar(sidecar))];
        Options = options;
    }

    public DaprMeshOptions Options { get; }

    public IReadOnlyList<MeshSidecar> Sidecars { get; }

    /// <summary>Actors currently activated, and where.</summary>
    public IReadOnlyList<ActiveActor> ActiveActors => shared.Actors.Snapshot();

    /// <summary>Starts every sidecar's listener; app channels come up in the background as the apps answer.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static async Task<DaprMesh> StartAsync(DaprMeshOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Invalid Dapr mesh options:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}", nameof(options));
        }

        var mesh = new DaprMesh(options);
        try
        {
            foreach (var sidecar in mesh.sidecars)
            {
                mesh.servers.Add(await SidecarServer.StartAsync(sidecar, mesh.shared, cancellationToken));
            }
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }

        foreach (var sidecar in mesh.sidecars)
        {
            if (sidecar.App is { } app)
            {
                var startup = new AppChannelStartup(sidecar, app, mesh.shared, options.AppPollInterval, options.LoggerFactory.CreateLogger<AppChannelStartup>());
                mesh.background.Run(startup.RunAsync);
            }
        }

        mesh.background.Run(stopping => mesh.shared.Actors.RunIdleDeactivationAsync(options.IdleScanInterval, stopping));
        return mesh;
    }

    /// <summary>The sidecar with this <see cref="SidecarDefinition.Name"/> (the app id unless replicas were named).</summary>
    public MeshSidecar Sidecar(string name) =>
        Sidecars.FirstOrDefault(sidecar => sidecar.Name == name)
        ?? throw new KeyNotFoundException($"The mesh has no sidecar named '{name}' (it has: {string.Join(", ", Sidecars.Select(s => s.Name))})");

    /// <summary>Completes when every sidecar's app has answered <c>/dapr/config</c> (and <c>/dapr/subscribe</c>).</summary>
    public Task WaitForAppChannelsAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(sidecars.Select(sidecar => sidecar.AppChannelReady)).WaitAsync(cancellationToken);

    /// <summary>
    /// Which of the named sidecars placement would put the actor on if exactly they hosted its type: lets a test
    /// pick actors that will move when a replica joins (placement is rendezvous hashing on sidecar names).
    /// </summary>
    public static string PlacementAmong(IEnumerable<string> sidecarNames, string actorType, string actorId) =>
        Placement.Choose(sidecarNames, new ActorKey(actorType, actorId));

    /// <summary>Deactivates every active actor now (<c>DELETE {app}/actors/{type}/{id}</c>, inside its turn), as if all were idle.</summary>
    public Task DeactivateAllAsync(CancellationToken cancellationToken = default) => shared.Actors.DeactivateAllAsync(cancellationToken);

    /// <summary>
    /// Simulates the sidecar's host going away: its actor types leave placement, its activations are forgotten
    /// (no DELETE reaches its app) and it leaves its consumer groups. Its actors reactivate on another host of
    /// their type at their next call or reminder; reminders are kept (they belong to the Scheduler).
    /// </summary>
    public void RemoveHost(string name)
    {
        var sidecar = sidecars.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"The mesh has no sidecar named '{name}'");
        shared.Placement.Remove(sidecar);
        shared.Actors.ForgetHost(sidecar);
        shared.Broker.Unsubscribe(sidecar);
    }

    /// <summary>What the broker did so far with messages of one topic.</summary>
    public PubSubCounts GetPubSubCounts(string pubsub, string topic) => shared.Broker.Counts(pubsub, topic);

    /// <summary>Stops background work and listeners; rethrows (as <see cref="AggregateException"/>) any loop that failed unexpectedly.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await background.StopAsync();
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.StopAsync();
                await server.DisposeAsync();
            }

            appClient.Dispose();
        }
    }
}
