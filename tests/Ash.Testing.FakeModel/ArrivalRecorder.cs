using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ash.Testing.FakeModel;

/// <summary>
/// Sees every request as soon as its head arrives, whatever its route, and whether or not its body ever
/// completes: tests that must prove nothing reached the model (a refused route, an aborted body) read
/// this, not the <see cref="RequestRecorder"/>, which records a request only once its body is read.
/// Also counts the requests in flight at once, to measure a client's real parallelism.
/// </summary>
internal sealed class ArrivalRecorder
{
    private readonly Lock gate = new();
    private readonly List<ModelRequestArrival> arrivals = [];
    private int inFlight;
    private int maxInFlight;

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public IReadOnlyList<ModelRequestArrival> Snapshot()
    {
        lock (gate)
        {
            return arrivals.ToArray();
        }
    }

    public async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        lock (gate)
        {
            arrivals.Add(new ModelRequestArrival(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty));
        }

        var now = Interlocked.Increment(ref inFlight);
        int peak;
        while (now > (peak = Volatile.Read(ref maxInFlight)) && Interlocked.CompareExchange(ref maxInFlight, now, peak) != peak)
        {
        }

        try
        {
            await next(context);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }
}
