namespace Ash.Client.Wire;

internal sealed record SessionResponse(Session Session);
