namespace Ash.Core.Errors;

/// <summary>An expected failure, carried as a value until the edge turns it into a response.</summary>
public sealed record AshError(ErrorKind Kind, string Code, string Message)
{
    /// <summary>When the client may try again (sent as Retry-After with 503s).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static AshError Validation(string message, string code = "invalid_request") => new(ErrorKind.Validation, code, message);

    public static AshError NotFound(string message, string code = "not_found") => new(ErrorKind.NotFound, code, message);

    public static AshError InvalidState(string message) => new(ErrorKind.InvalidState, "invalid_state", message);

    public static AshError Gone(string message, string code = "session_ended") => new(ErrorKind.Gone, code, message);

    public static AshError Capacity(string message, TimeSpan? retryAfter = null) => new(ErrorKind.Capacity, "capacity", message) { RetryAfter = retryAfter ?? TimeSpan.FromSeconds(5) };

    public static AshError TooLarge(string message, string code = "payload_too_large") => new(ErrorKind.TooLarge, code, message);

    public static AshError InsufficientStorage(string message, string code = "insufficient_storage") => new(ErrorKind.InsufficientStorage, code, message);

    public static AshError Unavailable(string message, string code = "unavailable") => new(ErrorKind.Unavailable, code, message);
}
