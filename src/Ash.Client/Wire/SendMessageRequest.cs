namespace Ash.Client.Wire;

internal sealed record SendMessageRequest(
    string Content,
    bool IncludePartialMessages,
    string? Model,
    int? MaxTurns,
    decimal? MaxBudgetUsd,
    string? Effort,
    ThinkingOptions? Thinking)
{
    public static SendMessageRequest From(string content, SendMessageOptions? options)
    {
        options ??= new SendMessageOptions();
        return new(content, options.IncludePartialMessages, options.Model, options.MaxTurns, options.MaxBudgetUsd, options.Effort, options.Thinking);
    }
}
