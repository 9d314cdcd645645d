using Ash.Server.Dapr;
using Ash.Server.Hosting;
using Ash.Server.Tracing;
using Ash.Testing.Server;
using Microsoft.Extensions.Configuration;

namespace Ash.Server.Tests.Tracing;

/// <summary>Which OTEL_* settings turn traces on (only an exporter does), and the ones refused at start-up.</summary>
public sealed class TracingSettingsTests
{
    [Theory]
    [InlineData(null, null, null, null, false)]
    [InlineData(null, "http://collector:4317", null, null, true)]
    [InlineData(null, null, "http://collector:4318/v1/traces", null, true)]
    [InlineData("otlp", null, null, null, true)]
    [InlineData("none", "http://collector:4317", null, null, false)]
    [InlineData(" OTLP , none", null, null, null, true)]
    [InlineData(null, "http://collector:4317", null, "true", false)]
    [InlineData(null, "http://collector:4317", null, "false", true)]
    public void Enabled_OnlyWithAnExporter(string? exporter, string? endpoint, string? tracesEndpoint, string? sdkDisabled, bool enabled)
    {
        var configuration = Configuration(new()
        {
            [TracingSettings.Exporter] = exporter,
            [TracingSettings.Endpoint] = endpoint,
            [TracingSettings.TracesEndpoint] = tracesEndpoint,
            [TracingSettings.SdkDisabled] = sdkDisabled,
        });

        Assert.Equal(enabled, TracingSettings.Enabled(configuration));
        Assert.Empty(TracingSettings.Validate(configuration));
    }

    [Theory]
    [InlineData(TracingSettings.Exporter, "zipkin")]
    [InlineData(TracingSettings.Exporter, "otlp,console")]
    [InlineData(TracingSettings.Endpoint, "collector:4317")]
    [InlineData(TracingSettings.TracesEndpoint, "ftp://collector/v1/traces")]
    [InlineData(TracingSettings.Protocol, "http/json")]
    [InlineData(TracingSettings.TracesProtocol, "udp")]
    public void Validate_NamesTheVariableOfAValueItCannotUse(string variable, string value)
    {
        var problem = Assert.Single(TracingSettings.Validate(Configuration(new() { [variable] = value })));

        Assert.StartsWith(variable + " must be", problem, StringComparison.Ordinal);
        Assert.Contains(value.Split(',')[^1], problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsupportedExporter_IsRefusedAtStart_WithTheVariable()
    {
        var data = TestServer.NewDataDirectory();
        var settings = new Dictionary<string, string?>
        {
            ["Ash:DataDirectory"] = data,
            [TracingSettings.Exporter] = "jaeger",
        };

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => AshServer.BuildAsync([], settings, TestContext.Current.CancellationToken));
        Directory.Delete(data, recursive: true);

        Assert.StartsWith("Invalid settings", refused.Message, StringComparison.Ordinal);
        Assert.Contains("OTEL_TRACES_EXPORTER must be otlp or none (got 'jaeger')", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api,sessions,sandbox-host", false, "ash-server")]
    [InlineData("api,sessions,sandbox-host", true, "ash-server")]
    [InlineData("api", true, "ash-api")]
    [InlineData("api,sessions", true, "ash-api-sessions")]
    [InlineData("sandbox-host", true, "ash-sandbox-host")]
    public void ServiceName_IsTheRolesOfASplitApp(string roles, bool dapr, string expected)
    {
        Assert.True(ServerRoles.TryParse(roles, out var parsed, out _));

        Assert.Equal(expected, TracingSettings.ServiceNameFor(parsed, dapr));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
