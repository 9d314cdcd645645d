namespace Ash.Core.Errors;

/// <summary>
/// The database could not grow: the disk (or quota) under it is full. The write was rolled back; the edge
/// answers 507 <c>insufficient_storage</c>, and writes succeed again once space is freed.
/// </summary>
public sealed class StoreFullException(string message, Exception? inner = null) : Exception(message, inner);
