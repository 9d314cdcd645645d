using Ash.Core.Errors;
using Ash.Server.Errors;

namespace Ash.Server.Dapr;

/// <summary>503 with <c>Retry-After: 1</c> and code <c>starting</c> until <see cref="StartupGate"/> opens.</summary>
internal sealed class StartupGateFilter(StartupGate gate) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        gate.IsOpen
            ? next(context)
            : ValueTask.FromResult<object?>(ApiErrors.From(AshError.Unavailable("The server is starting: waiting for its Dapr sidecar", "starting") with { RetryAfter = TimeSpan.FromSeconds(1) }));
}
