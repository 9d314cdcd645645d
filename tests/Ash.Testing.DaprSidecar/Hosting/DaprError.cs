using Microsoft.AspNetCore.Http;

namespace Ash.Testing.DaprSidecar.Hosting;

/// <summary>A sidecar API error: <c>{"errorCode":"ERR_…","message":"…"}</c> (reference Appendix B).</summary>
internal sealed record DaprError(int StatusCode, string ErrorCode, string Message) : IResult
{
    public static DaprError Malformed(string message) => new(StatusCodes.Status400BadRequest, "ERR_MALFORMED_REQUEST", message);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(new ErrorBody(ErrorCode, Message), SidecarJson.Default.ErrorBody, contentType: null, httpContext.RequestAborted);
    }
}
