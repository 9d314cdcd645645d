using System.Text.Json;
using Ash.Core.Events;
using Ash.Core.Messages;

namespace Ash.Server.Messages;

/// <param name="TimeoutSeconds">This turn's wall-clock limit; it can only tighten the agent's (ash.json) and the server's.</param>
/// <param name="SilenceTimeoutSeconds">How long this turn may go without output; it can only tighten the agent's and the server's.</param>
public sealed record SendMessageRequest(JsonElement? Content, bool? IncludePartialMessages, int? TimeoutSeconds = null, int? SilenceTimeoutSeconds = null);

public sealed record MessageDto(Guid Id, Guid SessionId, string TenantId, string Role, string Content, long Sequence, DateTimeOffset CreatedAt)
{
    public static MessageDto From(Message message) =>
        new(message.Id, message.SessionId, message.TenantId, message.Role, message.Content, message.Sequence, message.CreatedAt);
}

public sealed record MessageListResponse(List<MessageDto> Messages);

public sealed record EventDto(string Id, Guid SessionId, string TenantId, string Type, string? Data, long Sequence, DateTimeOffset CreatedAt)
{
    public static EventDto From(SessionEvent sessionEvent) => new(
        $"{sessionEvent.SessionId:N}-{sessionEvent.Sequence}",
        sessionEvent.SessionId,
        sessionEvent.TenantId,
        sessionEvent.Type,
        sessionEvent.Data,
        sessionEvent.Sequence,
        sessionEvent.CreatedAt);
}

public sealed record EventListResponse(List<EventDto> Events);

public sealed record InterruptResponse(bool Interrupted);
