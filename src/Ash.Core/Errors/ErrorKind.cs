namespace Ash.Core.Errors;

/// <summary>The closed set of expected failures; the HTTP edge maps each to one status code.</summary>
public enum ErrorKind
{
    Validation,
    NotFound,
    InvalidState,
    Gone,
    Capacity,
    TooLarge,
    Unavailable,
    InsufficientStorage,
}
