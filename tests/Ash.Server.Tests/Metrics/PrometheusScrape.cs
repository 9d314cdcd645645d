using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Ash.Server.Tests.Metrics;

/// <summary>One read of <c>/metrics</c>, parsed: each sample line's series (<c>name{labels}</c>) and value, and the families' declared types.</summary>
public sealed class PrometheusScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                _types[parts[2]] = parts[3];
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var split = line.LastIndexOf(' ');
            _samples[line[..split]] = double.Parse(line[(split + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public static async Task<PrometheusScrape> ReadAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await http.SendAsync(request, cancellation.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync(cancellation.Token));
    }

    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The sum of a family's samples whose labels include every one of <paramref name="labels"/> (e.g. <c>outcome="ok"</c>).</summary>
    public double Sum(string name, params string[] labels)
    {
        var total = 0d;
        foreach (var (series, value) in _samples)
        {
            var brace = series.IndexOf('{');
            var seriesName = brace < 0 ? series : series[..brace];
            if (seriesName == name && labels.All(label => brace >= 0 && series.Contains(label, StringComparison.Ordinal)))
            {
                total += value;
            }
        }

        return total;
    }

    public bool Has(string name, params string[] labels) =>
        _samples.Keys.Any(series => (series == name || series.StartsWith(name + "{", StringComparison.Ordinal)) && labels.All(label => series.Contains(label, StringComparison.Ordinal)));
}
