using System.Net;
using Ash.Server.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ash.Server.Dapr;

/// <summary>
/// The listener daprd calls, apart from the REST API's (issue 12): the actor, reminder, timer, deactivation,
/// <c>/dapr/config</c>, <c>/dapr/subscribe</c> and subscription routes answer only on it, and it answers
/// nothing else but <c>/healthz</c>. It is on 127.0.0.1 by default (daprd is on the same host or in the same
/// pod), so an app can offer its API on 0.0.0.0 while no one outside reaches the Dapr routes, and a sandbox
/// host offers nothing but its health off loopback. Kestrel marks each connection of this listener, and
/// a middleware compares the mark with the route's <see cref="DaprAppRoute"/> metadata before the route runs
/// (a Host header could be forged; the listener a connection arrived on cannot).
/// </summary>
internal static class DaprAppListener
{
    public static void Listen(KestrelServerOptions kestrel, IPAddress address, int port) =>
        kestrel.Listen(address, port, listen => listen.Use(next => connection =>
        {
            connection.Features.Set(AppConnection.Instance);
            return next(connection);
        }));

    public static bool IsAppConnection(HttpContext context) => context.Features.Get<AppConnection>() is not null;

    /// <summary>Refuses (404, as if absent) a Dapr route on the API's listener and anything but a Dapr route on the app listener.</summary>
    public static IApplicationBuilder UseDaprAppListener(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var route = context.GetEndpoint()?.Metadata.GetMetadata<DaprAppRoute>();
            var allowed = IsAppConnection(context) ? route is not null : route is null or { AlsoOnApiListener: true };
            return allowed
                ? next(context)
                : ErrorHandling.WriteRouteNotFoundAsync(context);
        });

    private sealed class AppConnection
    {
        public static readonly AppConnection Instance = new();
    }
}

/// <summary>Endpoint metadata of a route daprd calls; <see cref="AlsoOnApiListener"/> for <c>/healthz</c>, which the kubelet calls too.</summary>
internal sealed record DaprAppRoute(bool AlsoOnApiListener = false);
