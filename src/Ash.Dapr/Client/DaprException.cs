using System.Net;

namespace Ash.Dapr.Client;

/// <summary>
/// The sidecar refused or failed a call. <see cref="ErrorCode"/> is daprd's own (<c>ERR_ACTOR_INVOKE_METHOD</c>,
/// <c>ERR_STATE_SAVE</c>…, dapr-http-api.md Appendix B), or null when its answer had none.
/// </summary>
public sealed class DaprException(HttpStatusCode statusCode, string? errorCode, string message) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>A write refused because the ETag no longer matched (409 on a single save or delete).</summary>
    public bool IsETagMismatch => StatusCode == HttpStatusCode.Conflict;
}
