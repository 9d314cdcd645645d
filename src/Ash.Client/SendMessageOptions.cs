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

    /// <summary>Reasoning effort for this message: <c>low</c>, <c>medium</c>, <c>high</c> or <c>max</c>.</summary>
    public string? Effort { get; init; }

    /// <summary>Extended thinking for this message only.</summary>
    public ThinkingOptions? Thinking { get; init; }
}

/// <summary>Extended thinking for one message.</summary>
/// <param name="Type"><c>enabled</c> (with <paramref name="BudgetTokens"/>, at least 1024), <c>disabled</c> or <c>adaptive</c>.</param>
/// <param name="BudgetTokens">The most tokens the model may think with, when enabled.</param>
public sealed record ThinkingOptions(string Type, int? BudgetTokens = null);
