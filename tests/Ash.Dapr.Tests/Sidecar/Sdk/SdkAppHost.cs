using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>
/// An ASP.NET Core app on Kestrel (a free loopback port) built as an SDK user builds one: it finds its sidecar and
/// its API token through the keys the SDK reads (<c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_API_TOKEN</c>), and checks the
/// app token with Dapr.AspNetCore's own authentication handler (policy <c>Dapr</c>) when one is given.
/// </summary>
internal sealed class SdkAppHost : IAsyncDisposable
{
    public const string DaprPolicy = "Dapr";

    private readonly WebApplication app;

    private SdkAppHost(WebApplication app, Uri baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public IServiceProvider Services => app.Services;

    public static async Task<SdkAppHost> StartAsync(SdkSidecarSettings sidecar, Action<IServiceCollection> addServices, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = Environments.Production });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration["DAPR_HTTP_ENDPOINT"] = sidecar.HttpEndpoint.AbsoluteUri;
        builder.Configuration["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint?.AbsoluteUri;
        builder.Configuration["DAPR_API_TOKEN"] = sidecar.ApiToken ?? "";
        builder.Services.AddSingleton<IHostLifetime, NoSignalHostLifetime>();
        builder.Services.AddAuthentication().AddDapr(options => options.Token = sidecar.AppToken ?? "");
        builder.Services.AddAuthorization(options => options.AddDapr(DaprPolicy));
        addServices(builder.Services);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        map(app);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SdkAppHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
