using System.Text.Json;
using Ash.Core.Errors;
using Ash.Core.Sessions.Turns;

namespace Ash.Server.Messages;

/// <summary>Checks a message's per-turn options (Ash's ranges, plus what the agent CLI takes) and makes them the turn's.</summary>
internal static class TurnOptionsRequest
{
    /// <summary>The Anthropic API's smallest thinking budget.</summary>
    public const int MinThinkingBudget = 1024;

    private const int MaxModelLength = 100;

    public static Result<TurnOptions> Validate(SendMessageRequest request)
    {
        if (request.Model is { } model && (string.IsNullOrWhiteSpace(model) || model.Length > MaxModelLength))
        {
            return AshError.Validation($"'model' must be a model name of 1 to {MaxModelLength} characters");
        }

        if (request.MaxTurns is < 1)
        {
            return AshError.Validation("'maxTurns' must be at least 1");
        }

        if (request.MaxBudgetUsd is < 0)
        {
            return AshError.Validation("'maxBudgetUsd' must be at least 0");
        }

        if (request.Effort is { } effort && effort is not ("low" or "medium" or "high" or "max"))
        {
            return AshError.Validation("'effort' must be one of low, medium, high, max");
        }

        TurnThinking? thinking = null;
        if (request.Thinking is { } asked)
        {
            switch (asked.Type)
            {
                case TurnThinking.Enabled when asked.BudgetTokens is >= MinThinkingBudget:
                    break;
                case TurnThinking.Enabled:
                    return AshError.Validation($"'thinking.budgetTokens' must be at least {MinThinkingBudget} when thinking is enabled");
                case TurnThinking.Disabled or TurnThinking.Adaptive when asked.BudgetTokens is null:
                    break;
                case TurnThinking.Disabled or TurnThinking.Adaptive:
                    return AshError.Validation("'thinking.budgetTokens' goes only with type enabled");
                default:
                    return AshError.Validation("'thinking.type' must be one of enabled, disabled, adaptive");
            }

            thinking = new TurnThinking(asked.Type, asked.BudgetTokens);
        }

        JsonElement? schema = null;
        if (request.OutputFormat is { } format)
        {
            if (format.Type != "json_schema")
            {
                return AshError.Validation("'outputFormat.type' must be json_schema");
            }

            if (format.Schema is not { ValueKind: JsonValueKind.Object } given)
            {
                return AshError.Validation("'outputFormat.schema' must be a JSON schema object");
            }

            schema = given.Clone();
        }

        return new TurnOptions
        {
            Model = request.Model,
            MaxTurns = request.MaxTurns,
            MaxBudgetUsd = request.MaxBudgetUsd,
            Effort = request.Effort,
            Thinking = thinking,
            OutputSchema = schema,
        };
    }
}
