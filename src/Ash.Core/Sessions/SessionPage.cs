namespace Ash.Core.Sessions;

public sealed record SessionPage(IReadOnlyList<Session> Sessions, string? NextCursor);

public sealed record SessionQuery(string? AgentName, SessionStatus? Status, int Limit, string? Cursor);
