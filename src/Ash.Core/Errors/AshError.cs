namespace Ash.Core.Errors;

/// <summary>An expected failure, carried as a value until the edge turns it into a response.</summary>
public sealed record AshError(ErrorKind Kind, string Code, string Message)
{
    public static AshError Validation(string message, string code = "invalid_request") => new(ErrorKind.Validation, code, message);

    public static AshError NotFound(string message, string code = "not_found") => new(ErrorKind.NotFound, code, message);

    public static AshError InvalidState(string message) => new(ErrorKind.InvalidState, "invalid_state", message);

    public static AshError Gone(string message) => new(ErrorKind.Gone, "session_ended", message);

    public static AshError Capacity(string message) => new(ErrorKind.Capacity, "capacity", message);

    public static AshError Unavailable(string message, string code = "unavailable") => new(ErrorKind.Unavailable, code, message);
}
