using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>
/// Runs before every handler of a route daprd calls: a call without the app token is refused (401) before
/// anything of its body is read (the handlers read bodies themselves, after the filters).
/// </summary>
internal sealed class AppTokenFilter(AppTokenCheck token) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        token.Allows(context.HttpContext.Request) ? next(context) : ValueTask.FromResult<object?>(DaprAppResults.Unauthorized());
}
