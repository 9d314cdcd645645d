namespace Ash.Client;

/// <summary>Optional settings of a queued job; unset ones take the server's defaults.</summary>
public sealed record EnqueueOptions
{
    /// <summary>Run the prompt in this session (of the same agent) instead of a new one.</summary>
    public string? SessionId { get; init; }

    /// <summary>Higher runs first (at least 0; the server's default is 0).</summary>
    public int? Priority { get; init; }

    /// <summary>Failed attempts retried before the job fails (0 to 100; the server's default is 3).</summary>
    public int? MaxRetries { get; init; }
}
