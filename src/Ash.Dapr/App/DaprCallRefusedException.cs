using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>
/// A call the app refuses as the caller's fault: answered with <see cref="StatusCode"/> and <see cref="Code"/>
/// in the error shape (<see cref="DaprAppError"/>). daprd relays any non-200 of an actor method to the
/// caller as 500 <c>ERR_ACTOR_INVOKE_METHOD</c> with this body in its message and does not retry it (no
/// resiliency retry targets our actors, dapr-http-api.md §1.5, §8.2); 404 means "no such method".
/// The message is written for the caller: it must not carry type names or host details.
/// </summary>
public class DaprCallRefusedException(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public static DaprCallRefusedException BadRequest(string message, string code = "invalid_request") =>
        new(StatusCodes.Status400BadRequest, code, message);

    /// <summary>A body that is not JSON or not of the method's shape; <paramref name="path"/> is the JSON path where reading stopped, when known.</summary>
    public static DaprCallRefusedException BadBody(string? path) =>
        new(StatusCodes.Status400BadRequest, "invalid_body",
            "The call's body is not valid JSON of the method's shape" + (string.IsNullOrEmpty(path) || path == "$" ? string.Empty : $" (at {path})"));
}
