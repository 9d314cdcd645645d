using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Actors;

/// <summary>Relays the app's reply to the caller: status, headers, content type and body.</summary>
internal sealed class AppReplyResult(AppReply reply) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = reply.StatusCode;
        foreach (var (name, values) in reply.Headers)
        {
            response.Headers.Append(name, values);
        }

        if (reply.ContentType is not null)
        {
            response.ContentType = reply.ContentType;
        }

        await response.Body.WriteAsync(reply.Body, httpContext.RequestAborted);
    }
}
