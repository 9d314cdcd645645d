using System.Globalization;

namespace Ash.Server.Errors;

/// <summary>An error response that also tells the client when to try again (503 capacity, database restarting).</summary>
internal sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
{
    public static string Seconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = Seconds(retryAfter);
        return inner.ExecuteAsync(httpContext);
    }
}
