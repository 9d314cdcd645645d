using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ash.Sandbox.ModelProxy;

/// <summary>
/// A request the proxy answers itself instead of forwarding: a status and an error in the Anthropic API's
/// shape (<c>{"type":"error","error":{"type":…,"message":…}}</c>, https://docs.anthropic.com/en/api/errors),
/// so the CLI shows the agent's user what went wrong as it shows the API's own errors.
/// </summary>
internal sealed record ProxyRefusal(int Status, string ErrorType, string Message)
{
    public static ProxyRefusal Malformed(string message) => new(400, "invalid_request_error", message);

    public static ProxyRefusal BadToken { get; } = new(401, "authentication_error", "invalid sandbox token");

    /// <summary>
    /// The session's stored credential was deleted or cannot be opened. A 403 rather than a 401: the CLI retries a 401
    /// for minutes (it takes it for an expired login), and no retry can bring the credential back.
    /// </summary>
    public static ProxyRefusal CredentialUnavailable(string message) => new(403, "permission_error", message);

    /// <summary>
    /// A budget of the session is spent. A 403 for the reason a deleted credential's is: the CLI ends the turn on it at
    /// once (BudgetTurnTests) where it retries a 401, a 429 or a 5xx, and no retry can help until someone raises the budget.
    /// </summary>
    public static ProxyRefusal BudgetExceeded(string message) => new(403, "permission_error", message);

    public static ProxyRefusal BudgetLookupFailed { get; } = new(503, "api_error", "the session's budgets could not be read; try again");

    public static ProxyRefusal CredentialLookupFailed { get; } = new(503, "api_error", "the session's credential could not be read; try again");

    public static ProxyRefusal Forbidden(string message) => new(403, "permission_error", message);

    public static ProxyRefusal TimedOut(string message) => new(408, "invalid_request_error", message);

    public static ProxyRefusal TooLarge(long maxBytes) =>
        new(413, "request_too_large", $"the request body is larger than this sandbox's limit of {maxBytes} bytes");

    public static ProxyRefusal TooManyConnections(int maxConnections) =>
        new(429, "rate_limit_error", $"this sandbox already has {maxConnections} open connections to the model");

    /// <summary>
    /// The upstream did not answer. Named by its scheme, host and port (never a path, query or user info), because the
    /// agent can only name the address it was given, the proxy inside its sandbox (issue 15: a user was sent to
    /// check 127.0.0.1:&lt;port&gt;, an address that exists only in there).
    /// </summary>
    public static ProxyRefusal UpstreamUnreachable(Uri? upstream, Exception exception)
    {
        var where = upstream is { IsAbsoluteUri: true } ? $" {upstream.Scheme}://{upstream.Authority}" : "";
        var why = (exception as HttpRequestException)?.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "its name does not resolve",
            HttpRequestError.ConnectionError => "no connection",
            HttpRequestError.SecureConnectionError => "the TLS handshake failed",
            _ => "the connection failed",
        };
        return new(502, "api_error", $"the model upstream{where} is unreachable ({why})");
    }

    /// <summary>The whole response, head and JSON body, closing the connection.</summary>
    public byte[] ToResponse()
    {
        var body = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            json.WriteString("type"u8, "error"u8);
            json.WriteStartObject("error"u8);
            json.WriteString("type"u8, ErrorType);
            json.WriteString("message"u8, Message);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        var head = new StringBuilder(160)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {Status} {ReasonPhrase(Status)}\r\n")
            .Append("Content-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.WrittenCount}\r\n");
        if (Status == 429)
        {
            // The CLI retries a 429 after Retry-After: by then one of the sandbox's own requests may have ended.
            head.Append("Retry-After: 1\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        var response = new byte[Encoding.ASCII.GetByteCount(head.ToString()) + body.WrittenCount];
        var written = Encoding.ASCII.GetBytes(head.ToString(), response);
        body.WrittenSpan.CopyTo(response.AsSpan(written));
        return response;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        408 => "Request Timeout",
        413 => "Content Too Large",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    };
}
