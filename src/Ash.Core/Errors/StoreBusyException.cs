namespace Ash.Core.Errors;

/// <summary>
/// The database stayed locked by someone else for longer than its busy timeout (another process holding
/// SQLite's write lock, a PostgreSQL lock wait). Nothing was changed; the edge answers 503
/// <c>database_busy</c> with Retry-After, and the next request succeeds once the lock is released.
/// </summary>
public sealed class StoreBusyException(string message, Exception? inner = null) : Exception(message, inner);
