using System.Text.Json;

namespace Ash.Core.Sessions.Turns;

/// <summary>
/// Settings one message asks for its own turn only (Ash's per-message options); the next turn runs with the
/// session's own settings again. Null means the session's setting.
/// </summary>
public sealed record TurnOptions
{
    public static TurnOptions None { get; } = new();

    /// <summary>The model of this turn (the CLI's <c>set_model</c>).</summary>
    public string? Model { get; init; }

    /// <summary>The most model responses the turn may take; the platform stops the turn at the next one.</summary>
    public int? MaxTurns { get; init; }

    /// <summary><c>low</c>, <c>medium</c>, <c>high</c> or <c>max</c> (the CLI's effort level).</summary>
    public string? Effort { get; init; }

    /// <summary>Extended thinking for this turn (the CLI's <c>set_max_thinking_tokens</c>).</summary>
    public TurnThinking? Thinking { get; init; }

    /// <summary>A JSON schema the turn's answer must follow (<c>outputFormat {type: "json_schema", schema}</c>).</summary>
    public JsonElement? OutputSchema { get; init; }

    /// <summary>
    /// The most this turn may spend, in US dollars. Carried with the turn for the model proxy's budgets (issue 13,
    /// budgets work); the turn itself does not apply it.
    /// </summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>The turn changes a setting the agent process holds (model, thinking, effort), so it is set before and restored after.</summary>
    public bool ChangesAgentSettings => Model is not null || Thinking is not null || Effort is not null;
}

/// <param name="Type"><c>enabled</c> (with <paramref name="BudgetTokens"/>), <c>disabled</c>, or <c>adaptive</c> (the model decides).</param>
/// <param name="BudgetTokens">The most tokens the model may think with, when enabled.</param>
public sealed record TurnThinking(string Type, int? BudgetTokens)
{
    public const string Enabled = "enabled";
    public const string Disabled = "disabled";
    public const string Adaptive = "adaptive";

    /// <summary>The CLI's <c>max_thinking_tokens</c>: the budget, 0 for off, null for the session's default.</summary>
    public int? MaxThinkingTokens => Type switch
    {
        Enabled => BudgetTokens,
        Disabled => 0,
        _ => null,
    };
}
