namespace Ash.Client.Wire;

// Bodies of the /api/queue routes.
internal sealed record EnqueueRequest(string AgentName, string Prompt, string? SessionId, int? Priority, int? MaxRetries);

internal sealed record QueueItemResponse(QueueItem Item);

internal sealed record QueueStatsResponse(QueueStats Stats);
