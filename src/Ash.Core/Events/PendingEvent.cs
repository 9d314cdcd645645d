namespace Ash.Core.Events;

/// <summary>An event before it has a sequence number.</summary>
public readonly record struct PendingEvent(string Type, string? Data);
