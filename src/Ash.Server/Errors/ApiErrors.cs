using Ash.Core.Errors;

namespace Ash.Server.Errors;

/// <summary>The one place where expected failures become HTTP responses.</summary>
public static class ApiErrors
{
    public static ErrorResult From(AshError error)
    {
        var result = Create(StatusFor(error.Kind), error.Code, error.Message);
        return error.RetryAfter is { } retryAfter ? result.WithRetryAfter(retryAfter) : result;
    }

    public static ErrorResult Validation(string message, string code = "invalid_request") => Create(StatusCodes.Status400BadRequest, code, message);

    public static ErrorResult NotFound(string message, string code = "not_found") => Create(StatusCodes.Status404NotFound, code, message);

    public static ErrorResult Create(int status, string code, string message) => new(new ApiError(message, status, code));

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
