namespace Ash.Core.Queue;

/// <summary>A checked <c>POST /api/queue</c> body.</summary>
public sealed record QueueRequest(string AgentName, string Prompt, Guid? SessionId, int Priority, int MaxRetries);
