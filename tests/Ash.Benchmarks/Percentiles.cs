using System.Globalization;

namespace Ash.Benchmarks;

/// <summary>p50/p95/p99 of a set of durations in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50, double P95, double P99, double Max)
{
    public static Percentiles Of(List<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return new Percentiles(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted[^1]);
    }

    public string Row(string name) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {name} | {Count} | {P50:0.000} | {P95:0.000} | {P99:0.000} | {Max:0.000} |");

    private static double At(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
