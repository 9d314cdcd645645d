using System.Globalization;

namespace Ash.Testing.Server;

/// <summary>
/// Fails a test server client's request whose answer had a status docs/openapi.json does not list for the route
/// (<see cref="DocumentedStatuses"/>), naming it, so the test that made the request says why it failed.
/// </summary>
public sealed class DocumentedStatusHandler(DocumentedStatuses statuses) : DelegatingHandler(new HttpClientHandler())
{
    private long _requests;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _requests).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N");
        request.Headers.TryAddWithoutValidation(DocumentedStatuses.RequestHeader, id);
        var response = await base.SendAsync(request, cancellationToken);
        if (statuses.TakeFor(id) is { } reason)
        {
            response.Dispose();
            throw new InvalidOperationException(
                $"{reason}, a status docs/openapi.json does not list for the route: declare it on the route (ProducesErrors) and regenerate the document "
                + "(docs/contributing.md, \"The API contract\").");
        }

        return response;
    }
}
