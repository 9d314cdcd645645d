using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ash.Client.Streaming;
using Ash.Client.Wire;

namespace Ash.Client;

/// <summary>
/// Client for the Ash REST + SSE API: deploy agents, run sessions, stream their events.
/// Every call but <see cref="GetHealthAsync"/> sends the API key as a bearer token. A non-success
/// answer throws <see cref="AshApiException"/>; a server that cannot be reached throws
/// <see cref="HttpRequestException"/>.
/// </summary>
public sealed partial class AshClient : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue s_eventStream = new("text/event-stream");

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string? _apiKey;

    /// <summary>Creates a client on a caller-owned <see cref="HttpClient"/> (e.g. from <c>IHttpClientFactory</c>).</summary>
    /// <param name="http">Client whose <see cref="HttpClient.BaseAddress"/> is the server's URL. It is not disposed with this client.</param>
    /// <param name="apiKey">API key; <see langword="null"/> is enough for <see cref="GetHealthAsync"/> only.</param>
    /// <remarks>
    /// Streams are bounded only by their cancellation token: <see cref="HttpClient.Timeout"/> covers a
    /// request until its response headers arrive, not the event stream that follows.
    /// </remarks>
    public AshClient(HttpClient http, string? apiKey)
        : this(http, ownsHttp: false, apiKey)
    {
    }

    /// <summary>Creates a client that owns its own <see cref="HttpClient"/>.</summary>
    /// <param name="baseUrl">The server's URL, e.g. <c>http://127.0.0.1:4100</c>.</param>
    /// <param name="apiKey">API key; <see langword="null"/> is enough for <see cref="GetHealthAsync"/> only.</param>
    public AshClient(Uri baseUrl, string? apiKey)
        : this(new HttpClient { BaseAddress = baseUrl }, ownsHttp: true, apiKey)
    {
    }

    private AshClient(HttpClient http, bool ownsHttp, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is not { IsAbsoluteUri: true } baseAddress)
        {
            throw new ArgumentException("The HttpClient needs an absolute BaseAddress: the Ash server's URL.", nameof(http));
        }

        // Relative routes resolve under the base path only when it ends with '/'.
        BaseUrl = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = http;
        _ownsHttp = ownsHttp;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    /// <summary>The server's URL that routes are resolved against.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Reads the server's health. Needs no API key.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    public Task<Health> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "health", content: null, AshJsonContext.Default.Health, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string route, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, route)) { Content = content };
        if (_apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string route, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, route, content);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync(responseType, cancellationToken)
            ?? throw new JsonException($"{method} /{route} answered 'null' where a {typeof(T).Name} was expected.");
    }

    private async Task SendAsync(HttpMethod method, string route, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, route, content);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
    }

    // Takes a factory so that each enumeration sends its own request (a request message can be sent once).
    private async IAsyncEnumerable<AshEvent> StreamEventsAsync(
        Func<HttpRequestMessage> createRequest,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.Accept.Add(s_eventStream);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await ThrowIfFailedAsync(response, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in AshEventStream.ReadAsync(body, cancellationToken))
        {
            yield return item;
        }
    }

    private static async Task ThrowIfFailedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        ErrorResponse? error = null;
        try
        {
            error = body.Length > 0 ? JsonSerializer.Deserialize(body, AshJsonContext.Default.ErrorResponse) : null;
        }
        catch (JsonException)
        {
            // Not our error shape (a proxy's HTML page, say): the raw body is the best message there is.
        }

        var message = error?.Error
            ?? (body.Length > 0 && body.Length <= 500 ? body.Trim() : null)
            ?? $"{(int)response.StatusCode} {response.ReasonPhrase}";
        var retryAfter = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => (TimeSpan?)null,
        };
        throw new AshApiException(response.StatusCode, error?.Code, message, retryAfter);
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    private static string WithQuery(string route, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var query = new System.Text.StringBuilder(route);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            query.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return query.ToString();
    }
}
