using System.Text;
using Ash.Core.Agents;
using Ash.Core.Sandboxes;

namespace Ash.Core.Tests.Agents;

public sealed class AgentConfigFileTests
{
    private static AgentConfig Parse(string json)
    {
        var result = AgentConfigFile.Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsSuccess, result.IsSuccess ? null : result.Error.Message);
        return result.Value;
    }

    private static string Problem(string json)
    {
        var result = AgentConfigFile.Parse(Encoding.UTF8.GetBytes(json));
        Assert.False(result.IsSuccess);
        Assert.Equal("invalid_agent_config", result.Error.Code);
        return result.Error.Message;
    }

    [Fact]
    public void FullFile_ReadsEveryField()
    {
        var config = Parse("""
            { // comments are fine
              "limits": { "memoryMb": 1024, "maxProcesses": 256, "cpus": 1.5, "diskMb": 2048, "maxFiles": 50000 },
              "network": { "mode": "allowlist", "allow": ["api.github.com", "*.pypi.org:443"] },
              "warmPool": 2,
            }
            """);

        Assert.Equal(new ResourceLimits(1024 * ResourceLimits.MiB, 256, 1.5, 2048 * ResourceLimits.MiB, 50_000), config.Limits);
        Assert.Equal(NetworkMode.Allowlist, config.Network.Mode);
        Assert.Equal(["api.github.com", "*.pypi.org:443"], config.Network.Allow);
        Assert.Equal(2, config.WarmPool);
    }

    [Fact]
    public void MissingValues_FallBackToDefaults()
    {
        var config = Parse("""{ "limits": { "memoryMb": 512 } }""");
        var defaults = new ResourceLimits(2048 * ResourceLimits.MiB, 512, 1, 4096 * ResourceLimits.MiB, 200_000);

        var merged = config.Limits.Over(defaults);

        Assert.Equal(new ResourceLimits(512 * ResourceLimits.MiB, 512, 1, 4096 * ResourceLimits.MiB, 200_000), merged);
        Assert.Equal(NetworkMode.None, config.Network.Mode);
        Assert.Equal(0, config.WarmPool);
    }

    [Theory]
    [InlineData("""{ "limits": { "memoryMb": 64 } }""", "limits.memoryMb")]
    [InlineData("""{ "limits": { "memoryMb": 1.5 } }""", "limits.memoryMb")]
    [InlineData("""{ "limits": { "maxProcesses": -1 } }""", "limits.maxProcesses")]
    [InlineData("""{ "limits": { "cpus": 0 } }""", "limits.cpus")]
    [InlineData("""{ "limits": { "maxFiles": 10 } }""", "limits.maxFiles")]
    [InlineData("""{ "limits": { "maxFiles": "many" } }""", "limits.maxFiles")]
    [InlineData("""{ "limits": { "swap": 1 } }""", "unknown key 'limits.swap'")]
    [InlineData("""{ "network": { "mode": "some" } }""", "network.mode")]
    [InlineData("""{ "network": { "mode": "none", "allow": ["x.com"] } }""", "only applies")]
    [InlineData("""{ "network": { "mode": "allowlist", "allow": [""] } }""", "non-empty strings")]
    [InlineData("""{ "warmPool": -1 }""", "warmPool")]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{ "limits": """, "not valid JSON")]
    public void InvalidFile_NamesTheProblem(string json, string expected)
    {
        Assert.Contains(expected, Problem(json));
    }

    [Fact]
    public void NoFile_IsTheDefault()
    {
        var folder = Directory.CreateTempSubdirectory("ash-agent").FullName;

        var result = AgentConfigFile.Load(folder);

        Assert.Same(AgentConfig.Default, result.Value);
    }

    [Fact]
    public void SymlinkedFile_IsRefused()
    {
        var folder = Directory.CreateTempSubdirectory("ash-agent").FullName;
        File.CreateSymbolicLink(Path.Combine(folder, "ash.json"), "/etc/passwd");

        var result = AgentConfigFile.Load(folder);

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Turns_ReadsEveryField()
    {
        var config = Parse("""{ "turns": { "timeoutSeconds": 600, "silenceTimeoutSeconds": 30, "maxOutputMb": 4, "maxOutputEvents": 5000 } }""");

        Assert.Equal(new AgentTurnLimits(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), 4 * ResourceLimits.MiB, 5000), config.Turns);
    }

    [Fact]
    public void Turns_Unset_AreLeftToTheServer()
    {
        Assert.Equal(AgentTurnLimits.None, Parse("""{ "turns": {} }""").Turns);
        Assert.Equal(AgentTurnLimits.None, Parse("{}").Turns);
    }

    [Theory]
    [InlineData("""{ "turns": { "timeoutSeconds": 0 } }""", "'turns.timeoutSeconds' must be a whole number of seconds from 1 to 86400")]
    [InlineData("""{ "turns": { "silenceTimeoutSeconds": 86401 } }""", "'turns.silenceTimeoutSeconds' must be a whole number of seconds from 1 to 86400")]
    [InlineData("""{ "turns": { "maxOutputMb": 2048 } }""", "'turns.maxOutputMb' must be a whole number of MiB from 1 to 1024")]
    [InlineData("""{ "turns": { "maxOutputEvents": "many" } }""", "'turns.maxOutputEvents' must be a whole number from 100 to 10000000")]
    [InlineData("""{ "turns": { "timeout": 5 } }""", "unknown key 'turns.timeout'")]
    [InlineData("""{ "turns": 5 }""", "'turns' must be an object")]
    public void Turns_BadValues_AreRefusedNamingTheKey(string json, string expected)
    {
        Assert.Contains(expected, Problem(json));
    }
}
