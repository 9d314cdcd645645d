namespace Ash.Server.Hosting;

/// <summary>Short command-line flags of <c>ash-server</c>, mapped onto configuration keys.</summary>
internal static class CommandLineSwitches
{
    public static readonly Dictionary<string, string> Map = new(StringComparer.Ordinal)
    {
        ["--port"] = "Ash:Port",
        ["--host"] = "Ash:Host",
        ["--data"] = "Ash:DataDirectory",
        ["--runtime"] = "Ash:Sandbox:RuntimePath",
        ["--database"] = "Ash:Database",
        ["--allow-unlimited"] = "Ash:Sandbox:AllowUnlimited",
        ["--disk-volumes"] = "Ash:Sandbox:Volumes:Enabled",
        ["--dapr"] = "Ash:Dapr:Enabled",
        ["--role"] = "Ash:Roles",
        ["--node"] = "Ash:Node",
        ["--shared-dir"] = "Ash:Sandbox:SnapshotDirectory",
        ["--agents-dir"] = "Ash:Agents:Directory",
        ["--keys-dir"] = "Ash:Secrets:KeysDirectory",
        ["--app-port"] = "Ash:Dapr:AppPort",
        ["--app-host"] = "Ash:Dapr:AppHost",
        ["--dapr-allow-unauthenticated-app"] = "Ash:Dapr:AllowUnauthenticatedApp",
        ["--log-format"] = "Logging:Console:FormatterName",
    };
}
