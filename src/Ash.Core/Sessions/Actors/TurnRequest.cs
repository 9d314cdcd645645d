using System.Diagnostics;

namespace Ash.Core.Sessions.Actors;

/// <param name="Parent">The trace context of whatever sent the message (its request), so the turn's span is its child even after waiting in the queue.</param>
internal sealed record TurnRequest(long Turn, TurnInput Input, ActivityContext Parent);
