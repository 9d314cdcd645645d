namespace Ash.Client.Wire;

internal sealed record EventListResponse(IReadOnlyList<SessionEvent> Events);
