namespace Ash.Core.Sessions.Actors;

internal sealed record TurnRequest(long Turn, TurnInput Input);
