namespace Ash.Client;

/// <summary>Optional settings for <see cref="AshClient.SendMessageAsync"/>.</summary>
public sealed record SendMessageOptions
{
    /// <summary>
    /// Stream <see cref="AshEventTypes.TextDelta"/> and <see cref="AshEventTypes.ThinkingDelta"/> events as the
    /// model writes. Defaults to <see langword="true"/>; without it text arrives only in whole
    /// <see cref="AshEventTypes.Message"/> events.
    /// </summary>
    public bool IncludePartialMessages { get; init; } = true;

    /// <summary>Model for this turn only.</summary>
    public string? Model { get; init; }

    /// <summary>Upper bound on agent turns (model round trips) for this message.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>Upper bound on spend for this message, in US dollars.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>Reasoning effort hint, e.g. <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string? Effort { get; init; }
}
