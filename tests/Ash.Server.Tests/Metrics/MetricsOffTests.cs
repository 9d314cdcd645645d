using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ash.Testing.Server;

namespace Ash.Server.Tests.Metrics;

/// <summary>With neither <c>ASH_METRICS_TOKEN</c> nor <c>ASH_ADMIN_KEY</c>, no key opens <c>/metrics</c>: every request is a 401 saying how to turn it on.</summary>
public sealed class MetricsOffTests(PlatformFixture platform) : IClassFixture<PlatformFixture>
{
    [Fact]
    public async Task Metrics_WithNoTokenConfigured_Is401MetricsDisabled()
    {
        using var response = await platform.Server.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        Assert.Equal("metrics_disabled", body!["code"]!.GetValue<string>());
        Assert.Contains("ASH_METRICS_TOKEN", body["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
