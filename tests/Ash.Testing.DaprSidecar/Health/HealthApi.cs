using Ash.Testing.DaprSidecar.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Ash.Testing.DaprSidecar.Health;

/// <summary><c>/v1.0/healthz</c> waits for the app channel; <c>/v1.0/healthz/outbound</c> does not (reference §9.1).</summary>
internal static class HealthApi
{
    public static void MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/healthz", Healthz);
        routes.MapGet("/v1.0/healthz/outbound", () => TypedResults.NoContent());
    }

    private static Results<NoContent, DaprError> Healthz(string? appid, Sidecar sidecar)
    {
        if (appid is not null && appid != sidecar.AppId)
        {
            return new DaprError(StatusCodes.Status500InternalServerError, "ERR_HEALTH_APPID_NOT_MATCH", "dapr app-id does not match");
        }

        return sidecar.IsAppChannelReady
            ? TypedResults.NoContent()
            : new DaprError(StatusCodes.Status500InternalServerError, "ERR_HEALTH_NOT_READY", "dapr is not ready");
    }
}
