using System.Net;
using System.Net.Sockets;
using Ash.Dapr.App;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ash.Dapr.Tests.App;

/// <summary>A real Kestrel app on a free loopback port with our Dapr app endpoints mapped, as daprd would see it.</summary>
internal sealed class DaprAppHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DaprAppHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    public HttpClient Http { get; }

    public static async Task<DaprAppHost> StartAsync(IReadOnlyList<IDaprActorType> actors, IReadOnlyList<IDaprSubscription> subscriptions, string? appToken = null)
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var token = new AppTokenCheck(appToken);
        app.MapDaprActors(actors, new DaprActorOptions { ActorIdleTimeout = TimeSpan.FromMinutes(2) }, token, NullLogger.Instance);
        app.MapDaprSubscriptions(subscriptions, token, NullLogger.Instance);
        await app.StartAsync();
        return new DaprAppHost(app, new Uri($"http://127.0.0.1:{port}/"));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
