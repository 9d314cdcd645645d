namespace Ash.Core.Usage;

/// <summary>
/// The one price table: USD per million tokens for each Claude model family, from Anthropic's published
/// pricing (https://docs.anthropic.com/en/docs/about-claude/pricing, read 2026-12). Cache writes are priced
/// at the 5-minute rate (1.25× input) and cache reads at 0.1× input, which is what the Messages API bills
/// unless a request asks for the 1-hour cache. A model id matches the longest listed prefix (ids carry a
/// date, e.g. <c>claude-sonnet-4-5-20250929</c>); a Bedrock model or inference-profile id is read from its
/// <c>anthropic.</c> on (<c>us.anthropic.claude-sonnet-4-5-20250929-v1:0</c> is priced as <c>claude-sonnet-4-5</c>,
/// at Anthropic's prices: Bedrock's own price list, and its regional surcharges, are not applied). A model not listed
/// costs 0, and its tokens are still recorded. Change prices here and only here.
/// </summary>
public static class ModelPrices
{
    private static readonly (string Prefix, ModelPrice Price)[] Table =
    [
        ("claude-opus-4-5", new(5m, 25m)),
        ("claude-opus-4-1", new(15m, 75m)),
        ("claude-opus-4", new(15m, 75m)),
        ("claude-sonnet-4-5", new(3m, 15m)),
        ("claude-sonnet-4", new(3m, 15m)),
        ("claude-3-7-sonnet", new(3m, 15m)),
        ("claude-3-5-sonnet", new(3m, 15m)),
        ("claude-haiku-4-5", new(1m, 5m)),
        ("claude-3-5-haiku", new(0.80m, 4m)),
        ("claude-3-haiku", new(0.25m, 1.25m)),
        ("claude-3-opus", new(15m, 75m)),
    ];

    /// <summary>The price of <paramref name="model"/>, or null when it is not in the table.</summary>
    public static ModelPrice? For(string model) => Match(model) is { } index ? Table[index].Price : null;

    /// <summary>
    /// The listed family <paramref name="model"/> belongs to (<c>claude-sonnet-4-5</c> for <c>claude-sonnet-4-5-20250929</c>),
    /// or null: a closed set of names, so the metrics can tag by model whatever a gateway answers (issue 14).
    /// </summary>
    public static string? FamilyOf(string model) => Match(model) is { } index ? Table[index].Prefix : null;

    private static int? Match(string model)
    {
        const string bedrockProvider = "anthropic.";
        var provider = model.IndexOf(bedrockProvider, StringComparison.Ordinal);
        if (provider >= 0)
        {
            model = model[(provider + bedrockProvider.Length)..];
        }

        int? best = null;
        var bestLength = 0;
        for (var i = 0; i < Table.Length; i++)
        {
            var prefix = Table[i].Prefix;
            if (prefix.Length > bestLength && model.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = i;
                bestLength = prefix.Length;
            }
        }

        return best;
    }

    public static decimal CostUsd(string model, long inputTokens, long outputTokens, long cacheCreationTokens, long cacheReadTokens) =>
        For(model) is { } price
            ? (inputTokens * price.InputPerMillion
               + outputTokens * price.OutputPerMillion
               + cacheCreationTokens * price.CacheWritePerMillion
               + cacheReadTokens * price.CacheReadPerMillion) / 1_000_000m
            : 0m;
}

/// <summary>USD per million tokens.</summary>
public sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion)
{
    public decimal CacheWritePerMillion => InputPerMillion * 1.25m;

    public decimal CacheReadPerMillion => InputPerMillion * 0.1m;
}
