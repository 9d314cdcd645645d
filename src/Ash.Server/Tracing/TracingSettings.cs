using Ash.Server.Dapr;

namespace Ash.Server.Tracing;

/// <summary>
/// Whether this server exports traces, from the standard OpenTelemetry variables (issue 14; docs/operations.md, "Traces"). Off
/// unless an exporter is configured: <c>OTEL_TRACES_EXPORTER=otlp</c>, or an OTLP endpoint
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) with no <c>OTEL_TRACES_EXPORTER</c>.
/// <c>OTEL_TRACES_EXPORTER=none</c> or <c>OTEL_SDK_DISABLED=true</c> keep it off. The rest (protocol, headers, sampler,
/// service name, batching) the OpenTelemetry SDK reads itself. They are read from the configuration, where the
/// environment's variables are, so a test can set them for one in-process server.
/// </summary>
internal static class TracingSettings
{
    public const string Exporter = "OTEL_TRACES_EXPORTER";
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string TracesEndpoint = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string Protocol = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string TracesProtocol = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL";
    public const string SdkDisabled = "OTEL_SDK_DISABLED";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> gives none: one process playing every role.</summary>
    public const string DefaultServiceName = "ash-server";

    private const string Otlp = "otlp";
    private const string None = "none";

    private static readonly string[] Protocols = ["grpc", "http/protobuf"];

    public static bool Enabled(IConfiguration configuration)
    {
        if (string.Equals(configuration[SdkDisabled]?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var exporters = Exporters(configuration);
        return exporters.Count > 0
            ? exporters.Contains(Otlp)
            : !string.IsNullOrWhiteSpace(configuration[Endpoint]) || !string.IsNullOrWhiteSpace(configuration[TracesEndpoint]);
    }

    /// <summary>Start-up checks, with the variable named in each problem.</summary>
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        foreach (var exporter in Exporters(configuration))
        {
            if (exporter is not (Otlp or None))
            {
                yield return $"{Exporter} must be otlp or none (got '{exporter}'): this server exports traces over OTLP only";
            }
        }

        foreach (var key in new[] { Endpoint, TracesEndpoint })
        {
            if (configuration[key] is { Length: > 0 } endpoint
                && (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                yield return $"{key} must be an absolute http or https URL, e.g. http://otel-collector:4317 (got '{endpoint}')";
            }
        }

        foreach (var key in new[] { Protocol, TracesProtocol })
        {
            if (configuration[key] is { Length: > 0 } protocol && !Protocols.Contains(protocol.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{key} must be grpc or http/protobuf (got '{protocol}')";
            }
        }
    }

    /// <summary>The default service name: <c>ash-server</c>, or on Dapr with split apps the roles this app plays (<c>ash-api</c>, <c>ash-sandbox-host</c>, …).</summary>
    public static string ServiceNameFor(ServerRoles roles, bool dapr) =>
        dapr && roles != ServerRoles.All ? "ash-" + roles.ToString().Replace(',', '-') : DefaultServiceName;

    private static List<string> Exporters(IConfiguration configuration) =>
        (configuration[Exporter] ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.ToLowerInvariant())
            .ToList();
}
