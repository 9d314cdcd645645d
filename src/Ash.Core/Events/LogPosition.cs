namespace Ash.Core.Events;

/// <summary>Where a session's event log ends: the last sequence and the highest turn number.</summary>
public readonly record struct LogPosition(long LastSequence, long LastTurn);
