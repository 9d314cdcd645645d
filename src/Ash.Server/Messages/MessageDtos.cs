using System.Text.Json;
using Ash.Core.Events;
using Ash.Core.Messages;
using Ash.Core.Timeline;

namespace Ash.Server.Messages;

/// <param name="TimeoutSeconds">This turn's wall-clock limit; it can only tighten the agent's (ash.json) and the server's.</param>
/// <param name="SilenceTimeoutSeconds">How long this turn may go without output; it can only tighten the agent's and the server's.</param>
/// <param name="Model">This turn's model (Ash: at most 100 characters).</param>
/// <param name="MaxTurns">The most model responses this turn may take, at least 1.</param>
/// <param name="MaxBudgetUsd">The most this turn may spend, at least 0; the model proxy refuses the turn's next model request once the turn's recorded cost reaches it.</param>
/// <param name="Effort"><c>low</c>, <c>medium</c>, <c>high</c> or <c>max</c>.</param>
/// <param name="Thinking"><c>{type: enabled|disabled|adaptive, budgetTokens?}</c>.</param>
/// <param name="OutputFormat"><c>{type: "json_schema", schema}</c>.</param>
/// <param name="Attachments">Ids of the session's attachments to give the model, after the content (issue 13).</param>
public sealed record SendMessageRequest(
    JsonElement? Content,
    bool? IncludePartialMessages,
    int? TimeoutSeconds = null,
    int? SilenceTimeoutSeconds = null,
    string? Model = null,
    int? MaxTurns = null,
    decimal? MaxBudgetUsd = null,
    string? Effort = null,
    ThinkingRequest? Thinking = null,
    OutputFormatRequest? OutputFormat = null,
    IReadOnlyList<string>? Attachments = null);

public sealed record ThinkingRequest(string? Type, int? BudgetTokens);

public sealed record OutputFormatRequest(string? Type, JsonElement? Schema);

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
        sessionEvent.DataText,
        sessionEvent.Sequence,
        sessionEvent.CreatedAt);
}

public sealed record EventListResponse(List<EventDto> Events);

/// <summary>Ash's <c>SessionEvent</c>: <see cref="Data"/> is the entry's JSON, as a string.</summary>
public sealed record TimelineEventDto(Guid Id, Guid SessionId, string TenantId, string Type, string Data, long Sequence, DateTimeOffset CreatedAt)
{
    public static TimelineEventDto From(TimelineEvent entry) =>
        new(entry.Id, entry.SessionId, entry.TenantId, entry.Type, entry.Data, entry.Sequence, entry.CreatedAt);
}

public sealed record TimelineListResponse(List<TimelineEventDto> Events);

public sealed record InterruptResponse(bool Interrupted);
