namespace Ash.Server.Hosting;

/// <summary>The documented environment variables (docs/operations.md, "Configuration"), mapped onto configuration keys.</summary>
internal static class EnvironmentVariables
{
    public static Dictionary<string, string?> Read()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        Map(values, "ASH_PORT", "Ash:Port");
        Map(values, "ASH_HOST", "Ash:Host");
        Map(values, "ASH_DATA_DIR", "Ash:DataDirectory");
        Map(values, "ASH_API_KEY", "Ash:ApiKey");
        Map(values, "ASH_ADMIN_KEY", "Ash:AdminKey");
        Map(values, "ASH_METRICS_TOKEN", "Ash:Metrics:Token");
        Map(values, "ASH_DATABASE_URL", "Ash:Database");
        Map(values, "ASH_CLAUDE_PATH", "Ash:Sandbox:RuntimePath");
        Map(values, "ASH_ALLOW_UNLIMITED", "Ash:Sandbox:AllowUnlimited");
        Map(values, "ASH_DISK_VOLUMES", "Ash:Sandbox:Volumes:Enabled");
        Map(values, "ASH_ALLOW_FULL_NETWORK", "Ash:Sandbox:AllowFullNetwork");
        Map(values, "ASH_DAPR", "Ash:Dapr:Enabled");
        Map(values, "ASH_ROLES", "Ash:Roles");
        Map(values, "ASH_NODE", "Ash:Node");
        Map(values, "ASH_SHARED_DIR", "Ash:Sandbox:SnapshotDirectory");
        Map(values, "ASH_AGENTS_DIR", "Ash:Agents:Directory");
        Map(values, "ASH_KEYS_DIR", "Ash:Secrets:KeysDirectory");
        Map(values, "ASH_DAPR_APP_HOST", "Ash:Dapr:AppHost");
        Map(values, "ASH_DAPR_ALLOW_UNAUTHENTICATED_APP", "Ash:Dapr:AllowUnauthenticatedApp");
        Map(values, "ASH_LOG_FORMAT", "Logging:Console:FormatterName");
        Map(values, "DAPR_HTTP_PORT", "Ash:Dapr:SidecarHttpPort");
        Map(values, "DAPR_GRPC_PORT", "Ash:Dapr:SidecarGrpcPort");
        Map(values, "DAPR_GRPC_ENDPOINT", "Ash:Dapr:SidecarGrpcEndpoint");
        Map(values, "DAPR_API_TOKEN", "Ash:Dapr:ApiToken");
        Map(values, "APP_API_TOKEN", "Ash:Dapr:AppApiToken");
        // `dapr run` gives the app the template's appPort as APP_PORT: the port its sidecar calls.
        Map(values, "APP_PORT", "Ash:Dapr:AppPort");
        Map(values, "ANTHROPIC_BASE_URL", "Ash:Model:BaseUrl");
        Map(values, "ANTHROPIC_API_KEY", "Ash:Model:ApiKey");
        return values;
    }

    private static void Map(Dictionary<string, string?> values, string variable, string key)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value)
        {
            values[key] = value;
        }
    }
}
