namespace Ash.Core.Errors;

/// <summary>
/// The database could not be reached even after retrying (for example while PostgreSQL restarts).
/// The edge answers 503 with Retry-After; nothing was acknowledged, so the client can safely retry.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
