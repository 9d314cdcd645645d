using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Ash.Dapr.Client;

/// <summary>
/// Our client of the sidecar's HTTP actor API (dapr-http-api.md has the facts): actors and their state and
/// reminders, plus the actor runtime's status that the SDK's metadata lacks. Publish, health and metadata go through
/// the official SDK's DaprClient. Our actors are not on Dapr.Actors yet (issue 17 item 2). Every call carries
/// <c>dapr-api-token</c> when one is configured. Failures are <see cref="DaprException"/>s.
/// </summary>
public sealed partial class DaprClient
{
    private const string ApiTokenHeader = "dapr-api-token";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly DaprClientOptions _options;

    public DaprClient(HttpClient http, DaprClientOptions options)
    {
        _http = http;
        _options = options;
    }

    public Uri SidecarUrl => _options.SidecarUrl;

    private HttpRequestMessage Request(HttpMethod method, string path, ReadOnlyMemory<byte>? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.SidecarUrl, path));
        if (_options.ApiToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(ApiTokenHeader, token);
        }

        if (json is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    /// <summary>Sends and returns the response when its status is one of <paramref name="expected"/>; anything else throws.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken, params HttpStatusCode[] expected)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw DaprError.Unreachable(operation, exception);
        }
        finally
        {
            request.Dispose();
        }

        if (Array.IndexOf(expected, response.StatusCode) >= 0)
        {
            return response;
        }

        using (response)
        {
            throw await DaprError.ReadAsync(response, operation, cancellationToken);
        }
    }

    /// <summary>The answer's body; a connection lost while it arrives fails as the call would have.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
        {
            throw DaprError.Unreachable(operation, exception);
        }
    }

    // What the way to the sidecar can meet, apart from the caller giving up: no connection, a connection cut while the
    // answer came, the HTTP client's own timeout. Every caller then sees one DaprException, retried or reported as such.
    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or HttpIOException
        || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A JSON body written straight to bytes.</summary>
    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        return buffer.WrittenMemory;
    }
}
