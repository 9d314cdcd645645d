using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>
/// DAPR_API_TOKEN: every call must carry <c>dapr-api-token</c> except <c>GET /v1.0/healthz</c> and
/// <c>GET /v1.0/healthz/outbound</c> (reference §9.1, §9.3; daprd's APITokenAuthMiddleware). gRPC calls are checked
/// by <see cref="Grpc.DaprGrpcApi"/>.
/// </summary>
internal static class ApiTokenCheck
{
    public const string HeaderName = "dapr-api-token";

    public static void UseApiTokenCheck(this WebApplication app, string? apiToken)
    {
        if (string.IsNullOrEmpty(apiToken))
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            // A gRPC call gets its refusal as a gRPC status, from the gRPC API itself.
            var exempt = (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments("/v1.0/healthz", StringComparison.OrdinalIgnoreCase))
                || context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            if (!exempt && !string.Equals(context.Request.Headers[HeaderName], apiToken, StringComparison.Ordinal))
            {
                await new DaprError(StatusCodes.Status401Unauthorized, "ERR_UNAUTHORIZED", "invalid api token").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
