using Ash.Core.Usage;

namespace Ash.Core.Tests.Usage;

public sealed class ModelPricesTests
{
    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", 3, 15)]
    [InlineData("claude-opus-4-5-20251101", 5, 25)]
    [InlineData("claude-opus-4-1-20250805", 15, 75)]
    [InlineData("claude-opus-4-20250514", 15, 75)]
    [InlineData("claude-haiku-4-5", 1, 5)]
    [InlineData("claude-3-5-haiku-20241022", 0.8, 4)]
    public void DatedModelIds_MatchTheirFamily(string model, double input, double output)
    {
        var price = ModelPrices.For(model)!;

        Assert.Equal((decimal)input, price.InputPerMillion);
        Assert.Equal((decimal)output, price.OutputPerMillion);
    }

    [Fact]
    public void Cost_PricesEveryKindOfToken()
    {
        // 1M input at $3, 1M output at $15, 1M cache writes at $3.75, 1M cache reads at $0.30.
        Assert.Equal(22.05m, ModelPrices.CostUsd("claude-sonnet-4-5", 1_000_000, 1_000_000, 1_000_000, 1_000_000));
        Assert.Equal(0.000003m, ModelPrices.CostUsd("claude-sonnet-4-5", 1, 0, 0, 0));
    }

    [Theory]
    [InlineData("us.anthropic.claude-sonnet-4-5-20250929-v1:0", 3, 15)]
    [InlineData("anthropic.claude-3-5-haiku-20241022-v1:0", 0.8, 4)]
    [InlineData("eu.anthropic.claude-opus-4-1-20250805-v1:0", 15, 75)]
    [InlineData("global.anthropic.claude-haiku-4-5-20251001-v1:0", 1, 5)]
    public void BedrockModelIds_ArePricedAsTheModelTheyName(string model, double input, double output)
    {
        var price = ModelPrices.For(model)!;

        Assert.Equal((decimal)input, price.InputPerMillion);
        Assert.Equal((decimal)output, price.OutputPerMillion);
    }

    [Fact]
    public void BedrockIdOfAnUnlistedModel_CostsNothing() => Assert.Null(ModelPrices.For("us.anthropic.claude-opus-5-5"));

    [Fact]
    public void UnknownModel_CostsNothing()
    {
        Assert.Null(ModelPrices.For("claude-fake"));
        Assert.Equal(0m, ModelPrices.CostUsd("gpt-4o", 1000, 1000, 0, 0));
    }
}
