namespace Ash.Testing.DaprSidecar.Apps;

/// <summary>The sidecar's connection to its app; every call carries APP_API_TOKEN when one is set (reference §1.4, §9.3).</summary>
internal sealed class AppChannel(HttpClient client, Uri baseUrl, string? appToken)
{
    public Uri BaseUrl => baseUrl;

    public HttpRequestMessage CreateRequest(HttpMethod method, string pathAndQuery)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/')));
        if (!string.IsNullOrEmpty(appToken))
        {
            request.Headers.TryAddWithoutValidation("dapr-api-token", appToken);
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
}
