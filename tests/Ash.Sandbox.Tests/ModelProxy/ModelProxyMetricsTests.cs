using System.Diagnostics.Metrics;
using Ash.Sandbox.ModelProxy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Ash.Sandbox.Tests.ModelProxy;

/// <summary>The model proxy's tags stay a closed set whatever an agent asks for or a gateway answers (issue 14).</summary>
public sealed class ModelProxyMetricsTests
{
    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku")]
    [InlineData("any-model-a-gateway-invents-9f2c", ModelProxyMetrics.Other)]
    [InlineData(null, ModelProxyMetrics.Unknown)]
    public void ModelLabel_IsTheListedFamily_OrOtherOrUnknown(string? model, string label) =>
        Assert.Equal(label, ModelProxyMetrics.ModelLabel(model));

    [Theory]
    [InlineData(200, "2xx")]
    [InlineData(429, "4xx")]
    [InlineData(529, "5xx")]
    [InlineData(999, "other")]
    public void StatusClass_IsTheCodesClass(int status, string label) =>
        Assert.Equal(label, ModelProxyMetrics.StatusClass(status));

    [Fact]
    public void UsageReported_CountsEachNonZeroKindOfTokenAndTheCost_ByFamily()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var tokens = new MetricCollector<long>(factory, "Ash", ModelProxyMetrics.Tokens);
        using var cost = new MetricCollector<double>(factory, "Ash", ModelProxyMetrics.Cost);

        new ModelProxyMetrics(factory).UsageReported("claude-sonnet-4-5-20250929", input: 1000, output: 50, cacheCreation: 0, cacheRead: 10, costUsd: 0.004m);

        var measured = tokens.GetMeasurementSnapshot();
        Assert.Equal(3, measured.Count);
        Assert.All(measured, m => Assert.Equal("claude-sonnet-4-5", m.Tags["model"]));
        Assert.Equal(1000, Assert.Single(measured, m => (string?)m.Tags["kind"] == "input").Value);
        Assert.Equal(0.004, cost.LastMeasurement!.Value, precision: 6);
    }
}
