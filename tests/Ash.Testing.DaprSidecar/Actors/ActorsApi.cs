using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary><c>/v1.0/actors/{type}/{id}/method/{method}</c> on any sidecar: forwarded as PUT to the hosting app (reference §1.2–1.4).</summary>
internal static class ActorsApi
{
    public static void MapActorsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/v1.0/actors/{actorType}/{actorId}/method/{*method}", ["GET", "POST", "PUT", "DELETE"], InvokeAsync);
    }

    private static async Task<Results<AppReplyResult, DaprError>> InvokeAsync(
        string actorType, string actorId, string method, HttpRequest request, ActorRuntime actors, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(method))
        {
            return DaprError.Malformed("actor method name must not be empty");
        }

        var call = await ForwardedCall.FromRequestAsync(request, cancellationToken);
        var methodPath = string.Join('/', method.Split('/').Select(Uri.EscapeDataString));
        var result = await actors.InvokeAsync(new ActorKey(actorType, actorId), methodPath, call, cancellationToken);
        return result.Reply is { } reply ? new AppReplyResult(reply) : result.Error!;
    }
}
