using System.Net;
using Ash.Testing.DaprSidecar.Actors;
using Ash.Testing.DaprSidecar.Grpc;
using Ash.Testing.DaprSidecar.Health;
using Ash.Testing.DaprSidecar.PubSub;
using Ash.Testing.DaprSidecar.Reminders;
using Ash.Testing.DaprSidecar.State;
using Microsoft.AspNetCore.Builder;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>One sidecar's Kestrel listeners on 127.0.0.1: the daprd HTTP API it serves, and its gRPC API.</summary>
internal static class SidecarServer
{
    public static async Task<WebApplication> StartAsync(Sidecar sidecar, SharedComponents shared, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, sidecar.Definition.HttpPort, listen => listen.Protocols = HttpProtocols.Http1);
            // daprd's gRPC API: HTTP/2 without TLS, as the SDK's DaprClient reaches it (DAPR_GRPC_PORT).
            kestrel.Listen(IPAddress.Loopback, sidecar.Definition.GrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        // The mesh's own components log through DaprMeshOptions.LoggerFactory; ASP.NET's request logs stay quiet.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(sidecar);
        builder.Services.AddSingleton(shared.Placement);
        builder.Services.AddSingleton(shared.Actors);
        builder.Services.AddSingleton(shared.Schedules);
        builder.Services.AddSingleton(shared.StateStores);
        builder.Services.AddSingleton(shared.Broker);
        builder.Services.AddSingleton(shared.Time);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IServiceMethodProvider<DaprGrpcApi>, DaprGrpcMethods>();

        var app = builder.Build();
        app.UseRepeatedSlashCollapse();
        app.UseRouting();
        app.UseApiTokenCheck(sidecar.Definition.ApiToken);
        app.MapHealthApi();
        app.MapMetadataApi();
        app.MapActorsApi();
        app.MapActorStateApi();
        app.MapRemindersApi();
        app.MapTimersApi();
        app.MapStateApi();
        app.MapPublishApi();
        app.MapGrpcService<DaprGrpcApi>();
        await app.StartAsync(cancellationToken);

        // Kestrel lists its addresses in the order they were configured: HTTP first, then gRPC.
        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Select(address => new Uri(address).Port).ToList();
        sidecar.HttpPort = addresses[0];
        sidecar.GrpcPort = addresses[1];
        return app;
    }
}
