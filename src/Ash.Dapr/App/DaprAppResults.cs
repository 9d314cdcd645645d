using Ash.Core.Errors;
using Microsoft.AspNetCore.Http;

namespace Ash.Dapr.App;

/// <summary>The error answers of the routes daprd calls, all in the error shape of <see cref="DaprAppError"/>.</summary>
internal static class DaprAppResults
{
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new DaprAppError(message, status, code), DaprAppJsonContext.Default.DaprAppError, statusCode: status);

    public static IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, "unauthorized", "Missing or wrong dapr-api-token: only this app's Dapr sidecar may call this route");

    public static IResult UnknownType(string type) =>
        Error(StatusCodes.Status404NotFound, "actor_type_not_found", $"This app does not host actor type '{type}'");

    public static IResult TooLarge() =>
        Error(StatusCodes.Status413PayloadTooLarge, "payload_too_large", "The call's body is too large");

    public static IResult Refused(DaprCallRefusedException refusal) => Error(refusal.StatusCode, refusal.Code, refusal.Message);

    /// <summary>
    /// An unexpected failure. Its message goes back only when it is one of ours, written for the caller
    /// (the sessions app shows it as the session's error); a framework exception's message can name types,
    /// so the caller then reads a fixed text and the app's log has the rest.
    /// </summary>
    public static IResult Failed(Exception exception) => exception switch
    {
        // The database's own refusals cross the hop as they are, so the api app answers what one process would.
        StoreBusyException => Error(StatusCodes.Status503ServiceUnavailable, StoreErrorCodes.Busy, exception.Message),
        StoreUnavailableException => Error(StatusCodes.Status503ServiceUnavailable, StoreErrorCodes.Unavailable, exception.Message),
        StoreFullException => Error(StatusCodes.Status507InsufficientStorage, StoreErrorCodes.Full, exception.Message),
        _ => Unexpected(exception),
    };

    private static IResult Unexpected(Exception exception) =>
        Error(StatusCodes.Status500InternalServerError, "actor_failed", exception switch
        {
            ObjectDisposedException => "The actor failed; the app's log has the details",
            InvalidOperationException or IOException or TimeoutException or Client.DaprException => exception.Message,
            _ => "The actor failed; the app's log has the details",
        });
}
