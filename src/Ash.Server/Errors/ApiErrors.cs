using Ash.Core.Errors;
using Ash.Server.Json;

namespace Ash.Server.Errors;

/// <summary>The one place where expected failures become HTTP responses.</summary>
public static class ApiErrors
{
    public static IResult From(AshError error)
    {
        var result = Create(StatusFor(error.Kind), error.Code, error.Message);
        return error.RetryAfter is { } retryAfter ? new RetryAfterResult(result, retryAfter) : result;
    }

    public static IResult Validation(string message, string code = "invalid_request") => Create(StatusCodes.Status400BadRequest, code, message);

    public static IResult NotFound(string message, string code = "not_found") => Create(StatusCodes.Status404NotFound, code, message);

    public static IResult Create(int status, string code, string message) =>
        TypedResults.Json(new ApiError(message, status, code), ApiJsonContext.Default.ApiError, statusCode: status);

    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.InvalidState => StatusCodes.Status400BadRequest,
        ErrorKind.Gone => StatusCodes.Status410Gone,
        ErrorKind.Capacity => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.InsufficientStorage => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status500InternalServerError,
    };
}
