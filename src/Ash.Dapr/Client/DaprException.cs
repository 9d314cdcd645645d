using System.Net;

namespace Ash.Dapr.Client;

/// <summary>
/// The sidecar refused or failed a call. <see cref="ErrorCode"/> is daprd's own (<c>ERR_ACTOR_INVOKE_METHOD</c>,
/// <c>ERR_STATE_SAVE</c>…, dapr-http-api.md Appendix B), or null when its answer had none. When an actor
/// method's app refused the call, daprd relays it as 500 <c>ERR_ACTOR_INVOKE_METHOD</c> with the app's
/// answer in its message (§1.2); <see cref="AppStatusCode"/> and <see cref="AppErrorCode"/> are that answer's
/// status and code (our apps answer in the error shape, <c>{"error","statusCode","code"}</c>).
/// </summary>
public sealed class DaprException(HttpStatusCode statusCode, string? errorCode, string message, int? appStatusCode = null, string? appErrorCode = null, string? appMessage = null) : Exception(message)
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;

    /// <summary>The status the actor's app answered with, when daprd relayed one.</summary>
    public int? AppStatusCode { get; } = appStatusCode;

    /// <summary>The stable code of the actor's app's error answer, when it had one.</summary>
    public string? AppErrorCode { get; } = appErrorCode;

    /// <summary>The message of the actor's app's error answer, written for the caller, when it had one.</summary>
    public string? AppMessage { get; } = appMessage;

    /// <summary>The actor's app refused the call as malformed or unknown (4xx): sending it again, anywhere, changes nothing.</summary>
    public bool IsRefusedByApp => AppStatusCode is >= 400 and < 500;

    /// <summary>A write refused because the ETag no longer matched (409 on a single save or delete).</summary>
    public bool IsETagMismatch => StatusCode == HttpStatusCode.Conflict;
}
