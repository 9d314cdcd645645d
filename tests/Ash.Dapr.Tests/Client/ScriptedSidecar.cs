using System.Net.Http;

namespace Ash.Dapr.Tests.Client;

/// <summary>
/// A sidecar that answers each call with the next step of its script (typically a failure an HTTP call can meet),
/// then every later call with <paramref name="after"/>: what our Dapr client's callers do when a call fails midway.
/// </summary>
internal sealed class ScriptedSidecar(Func<HttpRequestMessage, Task<HttpResponseMessage>> after, params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The client's own timeout, as HttpClient reports it.</summary>
    public static HttpResponseMessage TimesOut(HttpRequestMessage request) =>
        throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException());

    /// <summary>A connection cut while the answer was coming.</summary>
    public static HttpResponseMessage CutsOff(HttpRequestMessage request) =>
        throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls);
        return call <= script.Length ? Task.FromResult(script[call - 1](request)) : after(request);
    }
}
