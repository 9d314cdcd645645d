namespace Ash.Core.Errors;

/// <summary>The stable codes of the database's refusals, the same at the edge and across a Dapr hop.</summary>
public static class StoreErrorCodes
{
    public const string Busy = "database_busy";
    public const string Unavailable = "database_unavailable";
    public const string Full = "insufficient_storage";

    /// <summary>The exception a refusal with <paramref name="code"/> stands for on the other side of a hop, or null for any other code.</summary>
    public static Exception? ToException(string? code, string message, Exception inner) => code switch
    {
        Busy => new StoreBusyException(message, inner),
        Unavailable => new StoreUnavailableException(message, inner),
        Full => new StoreFullException(message, inner),
        _ => null,
    };
}
