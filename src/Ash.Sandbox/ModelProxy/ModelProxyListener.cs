using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Ash.Sandbox.Sockets;
using Microsoft.Extensions.Logging;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// One sandbox's door to the model: a Unix socket only that sandbox has (bound into it and reached
/// through socat on a loopback port). Each request must carry the sandbox's opaque token; the proxy
/// swaps it for the real credential, which never enters the sandbox, and streams the upstream's
/// answer back. One request per connection (answers are close-delimited).
/// </summary>
internal sealed class ModelProxyListener : IAsyncDisposable
{
    private const int MaxBodyBytes = 64 * 1024 * 1024;

    private static readonly HashSet<string> DroppedRequestHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "host", "x-api-key", "authorization", "connection", "keep-alive", "proxy-connection", "transfer-encoding",
        "content-length", "te", "trailer", "upgrade", "expect",
    };

    private static readonly HashSet<string> DroppedResponseHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "connection", "keep-alive", "transfer-encoding", "content-length", "trailer", "upgrade",
    };

    private readonly SandboxSocketServer _server;
    private readonly string _sandboxId;
    private readonly byte[] _token;
    private readonly ModelUpstream _upstream;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    private ModelProxyListener(string socketPath, int uid, string sandboxId, string token, ModelUpstream upstream, HttpClient http, ILogger logger)
    {
        _sandboxId = sandboxId;
        _token = Encoding.UTF8.GetBytes(token);
        _upstream = upstream;
        _http = http;
        _logger = logger;
        _server = SandboxSocketServer.Start(socketPath, uid, HandleAsync);
    }

    public static ModelProxyListener Start(string socketPath, int uid, string sandboxId, string token, ModelUpstream upstream, HttpClient http, ILogger logger) =>
        new(socketPath, uid, sandboxId, token, upstream, http, logger);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(Socket connection)
    {
        await using var stream = new NetworkStream(connection, ownsSocket: true);
        var cancellationToken = _server.Stopping;
        try
        {
            var reader = new BufferedSocketReader(stream);
            var headBytes = await reader.ReadHeadAsync(cancellationToken);
            var head = headBytes is null ? null : ProxyRequestHead.Parse(headBytes);
            if (head is null)
            {
                await WriteErrorAsync(stream, HttpStatusCode.BadRequest, "invalid_request_error", "malformed request", cancellationToken);
                return;
            }

            if (!HasValidToken(head))
            {
                ModelProxyLog.Rejected(_logger, _sandboxId, "missing or wrong sandbox token");
                await WriteErrorAsync(stream, HttpStatusCode.Unauthorized, "authentication_error", "invalid sandbox token", cancellationToken);
                return;
            }

            byte[] body;
            if (head.Header("transfer-encoding") is { } encoding && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                body = await reader.ReadChunkedAsync(MaxBodyBytes, cancellationToken);
            }
            else
            {
                var length = int.TryParse(head.Header("content-length"), out var parsed) ? parsed : 0;
                if (length < 0 || length > MaxBodyBytes)
                {
                    await WriteErrorAsync(stream, HttpStatusCode.RequestEntityTooLarge, "request_too_large", "request body too large", cancellationToken);
                    return;
                }

                body = await reader.ReadExactlyAsync(length, cancellationToken);
            }

            await ForwardAsync(stream, head, body, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or InvalidDataException or EndOfStreamException or FormatException)
        {
            ModelProxyLog.ConnectionEnded(_logger, _sandboxId, exception);
        }
    }

    private bool HasValidToken(ProxyRequestHead head)
    {
        var presented = head.Header("x-api-key");
        if (presented is null && head.Header("authorization") is { } authorization && authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            presented = authorization["Bearer ".Length..];
        }

        return presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);
    }

    private async Task ForwardAsync(Stream client, ProxyRequestHead head, byte[] body, CancellationToken cancellationToken)
    {
        var target = new Uri(_upstream.BaseUrl.ToString().TrimEnd('/') + head.Target);
        using var request = new HttpRequestMessage(new HttpMethod(head.Method), target);
        if (body.Length > 0 || head.Method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in head.Headers)
        {
            if (DroppedRequestHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Headers.TryAddWithoutValidation("x-api-key", _upstream.ApiKey);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            ModelProxyLog.UpstreamFailed(_logger, _sandboxId, exception);
            await WriteErrorAsync(client, HttpStatusCode.BadGateway, "api_error", "the model upstream is unreachable", cancellationToken);
            return;
        }

        using (response)
        {
            var responseHead = new StringBuilder();
            responseHead.Append("HTTP/1.1 ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase ?? "Status").Append("\r\n");
            AppendHeaders(responseHead, response.Headers);
            AppendHeaders(responseHead, response.Content.Headers);
            responseHead.Append("Connection: close\r\n\r\n");
            await client.WriteAsync(Encoding.ASCII.GetBytes(responseHead.ToString()), cancellationToken);

            await using var upstreamBody = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await upstreamBody.ReadAsync(buffer, cancellationToken)) > 0)
            {
                // Written as it arrives: the model's SSE must not be held back.
                await client.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
    }

    private static void AppendHeaders(StringBuilder builder, System.Net.Http.Headers.HttpHeaders headers)
    {
        foreach (var (name, values) in headers)
        {
            if (DroppedResponseHeaders.Contains(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                builder.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
    }

    private static async Task WriteErrorAsync(Stream client, HttpStatusCode status, string type, string message, CancellationToken cancellationToken)
    {
        var body = $"{{\"type\":\"error\",\"error\":{{\"type\":\"{type}\",\"message\":\"{message}\"}}}}";
        var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await client.WriteAsync(Encoding.UTF8.GetBytes(response), cancellationToken);
    }
}
