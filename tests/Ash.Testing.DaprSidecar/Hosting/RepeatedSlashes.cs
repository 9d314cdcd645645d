using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>
/// Collapses repeated slashes in the request path before routing. The SDK joins its endpoint and the API path with
/// a slash, and its default endpoint already ends in one (Dapr.Actors calls <c>http://localhost:3500//v1.0/actors/…</c>);
/// daprd serves those calls, so the stand-in does too.
/// </summary>
internal static class RepeatedSlashes
{
    public static void UseRepeatedSlashCollapse(this WebApplication app) =>
        app.Use((context, next) =>
        {
            var path = context.Request.Path.Value;
            if (path is not null && path.Contains("//", StringComparison.Ordinal))
            {
                var collapsed = new System.Text.StringBuilder(path.Length);
                foreach (var character in path)
                {
                    if (character != '/' || collapsed.Length == 0 || collapsed[^1] != '/')
                    {
                        collapsed.Append(character);
                    }
                }

                context.Request.Path = new PathString(collapsed.ToString());
            }

            return next(context);
        });
}
