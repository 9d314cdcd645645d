namespace Ash.Client.Wire;

internal sealed record MessageListResponse(IReadOnlyList<Message> Messages);
