using System.Text.Json;
using Ash.Core.Errors;
using Ash.Core.Sandboxes;

namespace Ash.Core.Agents;

/// <summary>
/// Reads and validates <c>ash.json</c>. Unknown keys are errors, so a typo never silently leaves a
/// limit at its default.
/// <code>
/// { "limits": { "memoryMb": 1024, "maxProcesses": 256, "cpus": 1.5, "diskMb": 2048, "maxFiles": 100000 },
///   "network": { "mode": "none" | "allowlist" | "full", "allow": ["api.github.com", "*.pypi.org:443"] },
///   "warmPool": 1,
///   "turns": { "timeoutSeconds": 3600, "silenceTimeoutSeconds": 600, "maxOutputMb": 32, "maxOutputEvents": 100000 } }
/// </code>
/// </summary>
public static class AgentConfigFile
{
    private const long MaxFileBytes = 64 * 1024;

    public static Result<AgentConfig> Load(string agentPath)
    {
        var path = Path.Combine(agentPath, AgentConfig.FileName);
        if (!File.Exists(path))
        {
            return AgentConfig.Default;
        }

        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Length > MaxFileBytes)
        {
            return Invalid($"must be a regular file of at most {MaxFileBytes / 1024} KiB");
        }

        return Parse(File.ReadAllBytes(path));
    }

    public static Result<AgentConfig> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using var document = JsonDocument.ParseValue(ref reader);
            return Read(document.RootElement);
        }
        catch (JsonException exception)
        {
            return Invalid($"is not valid JSON ({exception.Message})");
        }
    }

    private static Result<AgentConfig> Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("must hold a JSON object");
        }

        var config = AgentConfig.Default;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "limits":
                    var limits = ReadLimits(property.Value);
                    if (!limits.IsSuccess)
                    {
                        return limits.Error;
                    }

                    config = config with { Limits = limits.Value };
                    break;
                case "network":
                    var network = ReadNetwork(property.Value);
                    if (!network.IsSuccess)
                    {
                        return network.Error;
                    }

                    config = config with { Network = network.Value };
                    break;
                case "warmPool":
                    if (!TryInteger(property.Value, 0, AgentConfig.MaxWarmPool, out var warmPool))
                    {
                        return Invalid($"'warmPool' must be a whole number from 0 to {AgentConfig.MaxWarmPool}");
                    }

                    config = config with { WarmPool = (int)warmPool };
                    break;
                case "turns":
                    var turns = ReadTurns(property.Value);
                    if (!turns.IsSuccess)
                    {
                        return turns.Error;
                    }

                    config = config with { Turns = turns.Value };
                    break;
                default:
                    return Invalid($"has an unknown key '{property.Name}' (known: limits, network, warmPool, turns)");
            }
        }

        return config;
    }

    private static Result<ResourceLimits> ReadLimits(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid("'limits' must be an object");
        }

        var limits = ResourceLimits.None;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "memoryMb" when TryInteger(property.Value, LimitRanges.MinMemoryMb, LimitRanges.MaxMemoryMb, out var memory):
                    limits = limits with { MemoryBytes = memory * ResourceLimits.MiB };
                    break;
                case "maxProcesses" when TryInteger(property.Value, LimitRanges.MinProcesses, LimitRanges.MaxProcesses, out var processes):
                    limits = limits with { MaxProcesses = (int)processes };
                    break;
                case "cpus" when property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var cpus)
                                 && cpus >= LimitRanges.MinCpus && cpus <= LimitRanges.MaxCpus:
                    limits = limits with { Cpus = cpus };
                    break;
                case "diskMb" when TryInteger(property.Value, LimitRanges.MinDiskMb, LimitRanges.MaxDiskMb, out var disk):
                    limits = limits with { DiskBytes = disk * ResourceLimits.MiB };
                    break;
                case "maxFiles" when TryInteger(property.Value, LimitRanges.MinFiles, LimitRanges.MaxFiles, out var files):
                    limits = limits with { MaxFiles = files };
                    break;
                case "memoryMb" or "maxProcesses" or "cpus" or "diskMb" or "maxFiles":
                    return Invalid($"'limits.{property.Name}' must be {LimitRanges.Describe(property.Name)}");
                default:
                    return Invalid($"has an unknown key 'limits.{property.Name}' (known: memoryMb, maxProcesses, cpus, diskMb, maxFiles)");
            }
        }

        return limits;
    }

    private static Result<AgentTurnLimits> ReadTurns(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid("'turns' must be an object");
        }

        var turns = AgentTurnLimits.None;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "timeoutSeconds" when TryInteger(property.Value, TurnRanges.MinSeconds, TurnRanges.MaxSeconds, out var seconds):
                    turns = turns with { Timeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "silenceTimeoutSeconds" when TryInteger(property.Value, TurnRanges.MinSeconds, TurnRanges.MaxSeconds, out var seconds):
                    turns = turns with { SilenceTimeout = TimeSpan.FromSeconds(seconds) };
                    break;
                case "maxOutputMb" when TryInteger(property.Value, TurnRanges.MinOutputMb, TurnRanges.MaxOutputMb, out var megabytes):
                    turns = turns with { MaxOutputBytes = megabytes * ResourceLimits.MiB };
                    break;
                case "maxOutputEvents" when TryInteger(property.Value, TurnRanges.MinOutputEvents, TurnRanges.MaxOutputEvents, out var events):
                    turns = turns with { MaxOutputEvents = (int)events };
                    break;
                case "timeoutSeconds" or "silenceTimeoutSeconds" or "maxOutputMb" or "maxOutputEvents":
                    return Invalid($"'turns.{property.Name}' must be {TurnRanges.Describe(property.Name)}");
                default:
                    return Invalid($"has an unknown key 'turns.{property.Name}' (known: timeoutSeconds, silenceTimeoutSeconds, maxOutputMb, maxOutputEvents)");
            }
        }

        return turns;
    }

    private static Result<NetworkPolicy> ReadNetwork(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Invalid("'network' must be an object");
        }

        var mode = NetworkMode.None;
        var allow = new List<string>();
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "mode":
                    switch (property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null)
                    {
                        case "none":
                            mode = NetworkMode.None;
                            break;
                        case "allowlist":
                            mode = NetworkMode.Allowlist;
                            break;
                        case "full":
                            mode = NetworkMode.Full;
                            break;
                        default:
                            return Invalid("'network.mode' must be \"none\", \"allowlist\" or \"full\"");
                    }

                    break;
                case "allow":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        return Invalid("'network.allow' must be an array of host names");
                    }

                    foreach (var entry in property.Value.EnumerateArray())
                    {
                        if (entry.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(entry.GetString()))
                        {
                            return Invalid("'network.allow' entries must be non-empty strings such as \"api.github.com\" or \"*.pypi.org:443\"");
                        }

                        allow.Add(entry.GetString()!.Trim());
                    }

                    break;
                default:
                    return Invalid($"has an unknown key 'network.{property.Name}' (known: mode, allow)");
            }
        }

        if (mode == NetworkMode.Allowlist && allow.Count == 0)
        {
            return Invalid("'network.mode' \"allowlist\" needs at least one entry in 'network.allow'");
        }

        if (mode != NetworkMode.Allowlist && allow.Count > 0)
        {
            return Invalid("'network.allow' only applies with 'network.mode' \"allowlist\"");
        }

        return new NetworkPolicy(mode, allow);
    }

    private static bool TryInteger(JsonElement element, long min, long max, out long value)
    {
        value = 0;
        return element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value) && value >= min && value <= max;
    }

    private static AshError Invalid(string problem) => AshError.Validation($"{AgentConfig.FileName} {problem}", "invalid_agent_config");
}
