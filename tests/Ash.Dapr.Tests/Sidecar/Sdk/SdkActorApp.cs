using Dapr.Actors.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ash.Dapr.Tests.Sidecar.Sdk;

/// <summary>A Dapr.Actors.AspNetCore app hosting <see cref="CounterActor"/>, its actor routes behind the app token.</summary>
internal static class SdkActorApp
{
    public static Task<SdkAppHost> StartAsync(SdkSidecarSettings sidecar, SdkActorJournal journal, TimeSpan idleTimeout) =>
        SdkAppHost.StartAsync(
            sidecar,
            services =>
            {
                services.AddSingleton(journal);
                services.AddActors(options =>
                {
                    options.Actors.RegisterActor<CounterActor>();
                    options.ActorIdleTimeout = idleTimeout;
                    options.ActorScanInterval = TimeSpan.FromSeconds(1);
                });
            },
            app => app.MapActorsHandlers().RequireAuthorization(SdkAppHost.DaprPolicy));
}
