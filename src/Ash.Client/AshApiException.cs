using System.Net;

namespace Ash.Client;

/// <summary>The server answered a request with a non-success status code.</summary>
public sealed class AshApiException : Exception
{
    /// <summary>Creates the exception from the parts of the server's error answer.</summary>
    /// <param name="statusCode">HTTP status code of the answer.</param>
    /// <param name="code">Stable error code from the body's <c>code</c>, when present.</param>
    /// <param name="message">Message from the body's <c>error</c>, or a description of the status.</param>
    /// <param name="retryAfter">Delay the server asked for in <c>Retry-After</c>, when present.</param>
    public AshApiException(HttpStatusCode statusCode, string? code, string message, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP status code of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Stable machine-readable error code (e.g. <c>invalid_state</c>), or <see langword="null"/> when the server sent none.</summary>
    public string? Code { get; }

    /// <summary>How long the server asked to wait before retrying (sent with 503 at capacity).</summary>
    public TimeSpan? RetryAfter { get; }
}
